using SmartGov.Crypto;
using SmartGov.Hub.Modules.Applications.Storage;

namespace SmartGov.Applications.Files.Tests;

/// <summary>The file system store: what is stored comes back byte for byte, with its SM3, and no key reaches outside the store.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Stored_bytes_come_back_unchanged_with_their_sm3()
    {
        var store = new FileSystemFileStore(Path.Combine(_dir, "files"));
        var content = new byte[300_000];
        new Random(7).NextBytes(content);

        var blob = await store.PutAsync(new MemoryStream(content));

        Assert.Equal(content.Length, blob.Size);
        Assert.Equal(Convert.ToHexStringLower(Sm3.Hash(content)), blob.Sm3);
        Assert.True(await store.ExistsAsync(blob.Key));
        await using (var read = await store.OpenReadAsync(blob.Key))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }
        // Nothing is left half-written in the temp folder.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir, "files", ".tmp")));
        Assert.Single(await ToListAsync(store));

        Assert.True(await store.DeleteAsync(blob.Key));
        Assert.False(await store.ExistsAsync(blob.Key));
        Assert.Null(await store.OpenReadAsync(blob.Key));
    }

    [Fact]
    public async Task Keys_are_random_and_never_name_a_path_outside_the_store()
    {
        var store = new FileSystemFileStore(Path.Combine(_dir, "files"));
        var a = await store.PutAsync(new MemoryStream("same"u8.ToArray()));
        var b = await store.PutAsync(new MemoryStream("same"u8.ToArray()));
        Assert.NotEqual(a.Key, b.Key);
        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{32}$", a.Key);

        var secret = Path.Combine(_dir, "secret.txt");
        await File.WriteAllTextAsync(secret, "outside");
        foreach (var key in new[] { "../secret.txt", "../../secret.txt", "/etc/passwd", "..\\secret.txt", a.Key[..2] + "/../../secret.txt", "", "ab/" + new string('0', 31) + "/" })
        {
            Assert.Null(await store.OpenReadAsync(key));
            Assert.False(await store.ExistsAsync(key));
            Assert.False(await store.DeleteAsync(key));
        }
        Assert.True(File.Exists(secret));
    }

    [Fact]
    public async Task The_default_store_lives_under_the_data_directory()
    {
        var store = new FileSystemFileStore(Microsoft.Extensions.Options.Options.Create(new SmartGov.Hub.Data.DatabaseOptions { DataDirectory = _dir }));
        var blob = await store.PutAsync(new MemoryStream([1, 2, 3]));
        Assert.True(File.Exists(Path.Combine(_dir, "files", blob.Key)));
    }

    private static async Task<List<SmartGov.Hub.Modules.Applications.StoredBlobEntry>> ToListAsync(FileSystemFileStore store)
    {
        var list = new List<SmartGov.Hub.Modules.Applications.StoredBlobEntry>();
        await foreach (var e in store.ListAsync())
        {
            list.Add(e);
        }
        return list;
    }
}
