using System.Diagnostics;

namespace SmartGov.Crypto.Tests;

/// <summary>
/// Runs the machine's OpenSSL 3 command line in a private temporary directory, so interoperability is
/// checked against the tool operators actually use, not against our own reading of the standards.
/// </summary>
internal sealed class OpenSsl : IDisposable
{
    private static readonly string Executable = File.Exists("/usr/bin/openssl") ? "/usr/bin/openssl" : "openssl";

    public OpenSsl() => Directory = System.IO.Directory.CreateTempSubdirectory("sgov-crypto-").FullName;

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string Write(string name, byte[] content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public byte[] ReadBytes(string name) => File.ReadAllBytes(PathOf(name));

    public string ReadText(string name) => File.ReadAllText(PathOf(name));

    /// <summary>Runs openssl and fails the test, showing stderr, unless it exits with 0.</summary>
    public async Task<string> RunAsync(params string[] arguments)
    {
        var result = await TryRunAsync(arguments);
        Assert.True(
            result.ExitCode == 0,
            $"openssl {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.StdErr}\n{result.StdOut}");
        return result.StdOut;
    }

    public async Task<(int ExitCode, string StdOut, string StdErr)> TryRunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start openssl.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail the test run.
        }
    }
}
