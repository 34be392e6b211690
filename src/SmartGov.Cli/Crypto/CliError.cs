namespace SmartGov.Cli.Crypto;

/// <summary>Exit codes of <c>sgov crypto</c>; scripts depend on them, so they never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>verify</c>, the signature is valid.</summary>
    public const int Ok = 0;

    /// <summary>The check failed: an invalid signature, or a ciphertext that does not authenticate.</summary>
    public const int Failed = 1;

    /// <summary>The command line or an input is wrong: unknown option, missing file, malformed key or hex.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl-C), as shells report 128 + SIGINT.</summary>
    public const int Canceled = 130;
}

/// <summary>
/// A problem to report as one bilingual line on stderr with a given exit code. Thrown anywhere in a
/// command; <see cref="CryptoAction"/> turns it into the message, never a stack trace.
/// </summary>
internal sealed class CliError : Exception
{
    public CliError(int exitCode, string zh, string en, string? detail = null)
        : base(Compose(zh, en, detail))
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>A usage or input error (exit 2).</summary>
    public static CliError Usage(string zh, string en, string? detail = null) => new(ExitCodes.Usage, zh, en, detail);

    /// <summary>A failed check (exit 1).</summary>
    public static CliError Failed(string zh, string en, string? detail = null) => new(ExitCodes.Failed, zh, en, detail);

    /// <summary>"中文 / English: detail", kept on one line so scripts can log it as one record.</summary>
    public static string Compose(string zh, string en, string? detail)
    {
        var line = $"{zh} / {en}";
        if (!string.IsNullOrWhiteSpace(detail))
        {
            line += ": " + detail;
        }

        return OneLine(line);
    }

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The message of a library exception without the "(Parameter 'x')" suffix, which means nothing to an operator.</summary>
    public static string DetailOf(Exception ex)
    {
        var message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return OneLine(message);
    }
}
