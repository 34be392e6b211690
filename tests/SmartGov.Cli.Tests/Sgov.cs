using System.Diagnostics;
using System.Reflection;

namespace SmartGov.Cli.Tests;

/// <summary>What one run of a command line printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Runs the real <c>sgov</c> as a child process (<c>dotnet sgov.dll ...</c>), exactly as an operator's
/// script does: the real command-line parsing, the real exit code, the real stdout and stderr.
/// </summary>
internal static class Sgov
{
    private static readonly Lazy<string> Dll = new(FindDll);

    // Configuration an operator's shell might carry must not steer the tests' migrations.
    private static readonly string[] ConfigurationPrefixes =
        ["Database__", "ConnectionStrings__", "Seed__", "PersonalData__", "SMARTGOV_Database__", "SMARTGOV_ConnectionStrings__", "SMARTGOV_Seed__", "SMARTGOV_PersonalData__"];

    public static Task<CliResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunAsync(workingDirectory, stdin: null, arguments);

    public static async Task<CliResult> RunAsync(string workingDirectory, byte[]? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(k => ConfigurationPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, timeout.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sgov {string.Join(' ', arguments)} did not finish within 3 minutes");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindDll()
    {
        // Preferred: the CLI's own build output (with its deps.json, as deployed).
        var built = typeof(Sgov).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SgovDll")?.Value;
        if (built is not null && File.Exists(built))
        {
            return built;
        }

        var copied = Path.Combine(AppContext.BaseDirectory, "sgov.dll");
        if (File.Exists(copied))
        {
            return copied;
        }

        throw new FileNotFoundException($"sgov.dll not found at {built} or {copied}; build src/SmartGov.Cli first.");
    }
}

/// <summary>A private temporary directory, deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "sgov-cli-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        File.WriteAllBytes(this[name], content);
        return this[name];
    }

    public string WriteRandom(string name, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return Write(name, bytes);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test.
        }
    }
}

/// <summary>Unix permission bits; the suite runs on Linux, where key files must be 0600.</summary>
internal static class FileModes
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static UnixFileMode Get(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : File.GetUnixFileMode(path);

    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        File.SetUnixFileMode(path, mode);
    }
}
