using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SmartGov.Crypto;
using SmartGov.Hub.Data;

namespace SmartGov.Hub.Modules.Applications.Storage;

/// <summary>
/// The default <see cref="IFileStore"/>: files under <c>{Database:DataDirectory}/files/</c>. A key is
/// <c>xx/yyyy…</c>: 128 random bits as 32 lowercase hex digits, fanned out by the first two over 256 folders so no
/// folder grows huge. Bytes are written to <c>files/.tmp/</c> first and moved into place only when complete, so a
/// reader never sees half a file and a crash leaves only a temp file (which the sweep removes).
/// </summary>
public sealed partial class FileSystemFileStore : IFileStore
{
    private const string TempFolder = ".tmp";
    private readonly string _root;

    public FileSystemFileStore(IOptions<DatabaseOptions> database)
        : this(Path.Combine(database.Value.DataDirectory, "files"))
    {
    }

    public FileSystemFileStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    /// <summary>The folder that holds the files (for operators and tests).</summary>
    public string Root => _root;

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    public static bool IsValidKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    public async Task<StoredBlob> PutAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var key = id[..2] + "/" + id;
        var temp = Path.Combine(_root, TempFolder, id + ".part");
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        try
        {
            byte[] digest;
            long size;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
            {
                // Sm3.Hash reads the source to its end; every block it reads is written to the file on the way.
                var tee = new TeeReadStream(content, file, cancellationToken);
                digest = await Task.Run(() => Sm3.Hash(tee), cancellationToken);
                size = tee.BytesRead;
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            var final = PathFor(key);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temp, final, overwrite: false);
            return new StoredBlob(key, size, Convert.ToHexStringLower(digest));
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!IsValidKey(key))
        {
            return Task.FromResult<Stream?>(null);
        }
        try
        {
            Stream stream = new FileStream(PathFor(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!IsValidKey(key))
        {
            return Task.FromResult(false);
        }
        var path = PathFor(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsValidKey(key) && File.Exists(PathFor(key)));

    public async IAsyncEnumerable<StoredBlobEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            var prefix = Path.GetFileName(dir);
            if (prefix.Length != 2)
            {
                continue; // .tmp and anything an operator put there
            }
            foreach (var path in Directory.EnumerateFiles(dir))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = prefix + "/" + Path.GetFileName(path);
                if (!IsValidKey(key))
                {
                    continue;
                }
                var info = new FileInfo(path);
                if (info.Exists)
                {
                    yield return new StoredBlobEntry(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
                }
            }
            await Task.Yield();
        }
    }

    /// <summary>Removes unfinished writes older than <paramref name="cutoff"/> (a crash between write and move); returns how many.</summary>
    public int DeleteAbandonedTempFiles(DateTimeOffset cutoff)
    {
        var temp = Path.Combine(_root, TempFolder);
        if (!Directory.Exists(temp))
        {
            return 0;
        }
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(temp, "*.part"))
        {
            if (File.GetLastWriteTimeUtc(path) < cutoff.UtcDateTime && TryDelete(path))
            {
                removed++;
            }
        }
        return removed;
    }

    /// <summary>The path of a valid key; the key's shape (checked by every caller) keeps it inside <see cref="Root"/>.</summary>
    internal string PathFor(string key) => Path.Combine(_root, key[..2], key[3..]);

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A read-only view of a source stream that copies every block read into a destination.</summary>
    private sealed class TeeReadStream(Stream source, Stream destination, CancellationToken cancellationToken) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = source.Read(buffer, offset, count);
            if (read > 0)
            {
                destination.Write(buffer, offset, read);
                BytesRead += read;
            }
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
