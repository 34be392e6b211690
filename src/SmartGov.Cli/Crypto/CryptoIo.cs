using System.Globalization;

namespace SmartGov.Cli.Crypto;

/// <summary>
/// Files in and out of <c>sgov crypto</c>: "-" is stdin or stdout, every failure becomes a bilingual
/// <see cref="CliError"/>, and outputs appear whole or not at all.
/// </summary>
internal static class CryptoIo
{
    public const string StdStream = "-";

    // Owner read/write only: a private key or decrypted personal data must never be readable by
    // other accounts on the machine (GB/T 22239 asks for key material to be access-controlled).
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads a whole input file, or stdin for "-".</summary>
    public static async Task<byte[]> ReadAllAsync(string path, CancellationToken ct)
    {
        if (path == StdStream)
        {
            await using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer, ct);
            return buffer.ToArray();
        }

        CheckReadable(path);
        try
        {
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliError.Usage("无法读取文件", "cannot read file", $"{path}: {CliError.DetailOf(ex)}");
        }
    }

    /// <summary>Opens an input file for streaming, or stdin for "-".</summary>
    public static Stream OpenRead(string path)
    {
        if (path == StdStream)
        {
            return Console.OpenStandardInput();
        }

        CheckReadable(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliError.Usage("无法读取文件", "cannot read file", $"{path}: {CliError.DetailOf(ex)}");
        }
    }

    /// <summary>Reads a PEM (or other text) file; "-" is not allowed, because stdin is kept for the data.</summary>
    public static async Task<string> ReadKeyTextAsync(string path, CancellationToken ct)
    {
        CheckReadable(path);
        try
        {
            return await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliError.Usage("无法读取密钥文件", "cannot read key file", $"{path}: {CliError.DetailOf(ex)}");
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> (stdout for "-"). The bytes go to a
    /// temporary file in the same directory that is then renamed over the target, so a reader never
    /// sees half a file and a failed command leaves an existing file untouched.
    /// </summary>
    /// <param name="secret">Create the file with mode 0600 (private keys, decrypted data).</param>
    /// <param name="overwrite">Replace an existing file; when false an existing file is an error.</param>
    public static async Task WriteAllAsync(string path, byte[] content, bool secret, bool overwrite, CancellationToken ct)
    {
        if (path == StdStream)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(content, ct);
            await stdout.FlushAsync(ct);
            return;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw CliError.Usage("输出文件名为空", "the output file name is empty");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw CliError.Usage("输出路径是一个目录", "the output path is a directory", path);
        }

        if (!overwrite && File.Exists(full))
        {
            throw CliError.Usage("文件已存在，未覆盖（需要覆盖请加 --force）", "file exists, not overwritten (add --force to replace it)", path);
        }

        var directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw CliError.Usage("输出目录不存在", "output directory does not exist", directory);
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (secret && !OperatingSystem.IsWindows())
            {
                // Set at creation, not with a chmod afterwards: there is no moment when the key is world-readable.
                options.UnixCreateMode = OwnerOnly;
            }

            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(content, ct);
                await stream.FlushAsync(ct);
            }

            File.Move(temp, full, overwrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            if (!overwrite && File.Exists(full))
            {
                throw CliError.Usage("文件已存在，未覆盖（需要覆盖请加 --force）", "file exists, not overwritten (add --force to replace it)", path);
            }

            throw CliError.Usage("无法写入文件", "cannot write file", $"{path}: {CliError.DetailOf(ex)}");
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Parses hex (upper or lower case, spaces and colons allowed between bytes) given in option <paramref name="option"/>.</summary>
    public static byte[] ParseHex(string? value, string option)
    {
        var compact = (value ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace(":", string.Empty, StringComparison.Ordinal);
        if (compact.Length == 0)
        {
            throw CliError.Usage($"{option} 的值为空", $"{option} is empty");
        }

        if (compact.Length % 2 != 0 || !compact.All(char.IsAsciiHexDigit))
        {
            throw CliError.Usage($"{option} 不是有效的十六进制", $"{option} is not valid hex", "expected pairs of 0-9a-f");
        }

        return Convert.FromHexString(compact);
    }

    public static string ToHex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static void CheckReadable(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw CliError.Usage("文件名为空", "the file name is empty");
        }

        if (Directory.Exists(path))
        {
            throw CliError.Usage("这是一个目录，不是文件", "this is a directory, not a file", path);
        }

        if (!File.Exists(path))
        {
            throw CliError.Usage("找不到文件", "file not found", path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is the one worth reporting.
        }
    }
}
