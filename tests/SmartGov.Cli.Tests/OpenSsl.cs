using System.Diagnostics;

namespace SmartGov.Cli.Tests;

/// <summary>The machine's OpenSSL 3, the tool operators check our output with.</summary>
internal static class OpenSsl
{
    private static readonly string Executable = File.Exists("/usr/bin/openssl") ? "/usr/bin/openssl" : "openssl";

    /// <summary>Runs openssl in <paramref name="workingDirectory"/> and fails the test unless it exits 0.</summary>
    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var result = await TryRunAsync(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed:\n{result}");
        return result.StdOut;
    }

    public static async Task<CliResult> TryRunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start openssl");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
