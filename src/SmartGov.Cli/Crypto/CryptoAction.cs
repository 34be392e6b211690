using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using SmartGov.Crypto;

namespace SmartGov.Cli.Crypto;

/// <summary>What a <c>sgov crypto</c> subcommand gets: the parse result, the chosen profile and the output writers.</summary>
internal sealed class CryptoContext(ParseResult parseResult, ICryptoProfile profile)
{
    public ParseResult ParseResult { get; } = parseResult;

    public ICryptoProfile Profile { get; } = profile;

    public bool IsGm => Profile.Name == CryptoProfiles.GmName;

    public TextWriter Out => ParseResult.InvocationConfiguration.Output;

    public TextWriter Error => ParseResult.InvocationConfiguration.Error;

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>The value of an option the command cannot do without (declared <c>Required</c>, so never null after parsing).</summary>
    public string Require(Option<string> option) =>
        ParseResult.GetValue(option) is { Length: > 0 } value
            ? value
            : throw CliError.Usage($"缺少必需的选项 {option.Name}", $"missing required option {option.Name}");

    public string Require(Argument<string> argument) =>
        ParseResult.GetValue(argument) is { Length: > 0 } value
            ? value
            : throw CliError.Usage($"缺少参数 {argument.HelpName ?? argument.Name}", $"missing argument {argument.HelpName ?? argument.Name}");
}

/// <summary>
/// The action behind every <c>sgov crypto</c> command. It owns the command's contract with scripts:
/// a parse error, a missing file or a malformed key is one bilingual line on stderr and exit 2; a
/// failed check is exit 1; no exception ever reaches the console as a stack trace.
/// </summary>
internal sealed class CryptoAction(Option<string> profileOption, Func<CryptoContext, CancellationToken, Task<int>> run)
    : AsynchronousCommandLineAction
{
    // System.CommandLine would otherwise answer parse errors itself, with English text, the whole
    // help page and exit code 1, which scripts would read as "signature invalid".
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var name = CommandPath(parseResult.CommandResult);
        try
        {
            if (DescribeParseProblems(parseResult) is { } problem)
            {
                throw CliError.Usage("命令行有误", "invalid command line", $"{problem} (see `{name} --help`)");
            }

            var profile = ResolveProfile(parseResult.GetValue(profileOption));
            return await run(new CryptoContext(parseResult, profile), cancellationToken);
        }
        catch (CliError ex)
        {
            await error.WriteLineAsync($"{name}: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{name}: {CliError.Compose("已中断", "interrupted", null)}");
            return ExitCodes.Canceled;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{name}: {CliError.Compose("读写文件失败", "file input/output failed", CliError.DetailOf(ex))}");
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            // Not expected; still one line, with the type so that a bug report is useful.
            await error.WriteLineAsync($"{name}: {CliError.Compose("意外错误", "unexpected error", $"{ex.GetType().Name}: {CliError.DetailOf(ex)}")}");
            return ExitCodes.Failed;
        }
    }

    private static ICryptoProfile ResolveProfile(string? name)
    {
        try
        {
            return CryptoProfiles.Get(name ?? CryptoProfiles.GmName);
        }
        catch (ArgumentException)
        {
            throw CliError.Usage(
                $"未知的密码配置 \"{name}\"，可选 gm（国密 SM2/SM3/SM4）或 intl（ECDSA P-256/SHA-256/AES-256-GCM）",
                $"unknown --profile \"{name}\": use gm (SM2/SM3/SM4) or intl (ECDSA P-256/SHA-256/AES-256-GCM)");
        }
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent)
        {
            if (c.Command is RootCommand)
            {
                break;
            }

            names.Insert(0, c.Command.Name);
        }

        names.Insert(0, "sgov");
        return string.Join(' ', names);
    }

    /// <summary>
    /// Says, in both languages, what is wrong with the command line, or returns null when nothing is.
    /// The common mistakes (a missing option, a missing value, a missing file, an extra word) get their
    /// own words; anything else falls back to System.CommandLine's message.
    /// </summary>
    internal static string? DescribeParseProblems(ParseResult parseResult)
    {
        var problems = new List<string>();
        var commandResult = parseResult.CommandResult;
        var command = commandResult.Command;

        for (SymbolResult? r = commandResult; r is CommandResult c; r = c.Parent)
        {
            foreach (var child in c.Children)
            {
                if (child is OptionResult { Implicit: false } option
                    && option.Tokens.Count < option.Option.Arity.MinimumNumberOfValues)
                {
                    problems.Add($"选项 {option.Option.Name} 缺少值 / option {option.Option.Name} needs a value");
                }
            }
        }

        // A required option that was not typed can still have a (token-less) result, so look for its name on the line.
        foreach (var option in command.Options.Where(o => o.Required && parseResult.GetResult(o) is not { IdentifierTokenCount: > 0 }))
        {
            problems.Add($"缺少必需的选项 {option.Name} / missing required option {option.Name}");
        }

        foreach (var argument in command.Arguments)
        {
            var tokens = parseResult.GetResult(argument)?.Tokens ?? [];
            foreach (var token in tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-' && !File.Exists(t.Value)))
            {
                // System.CommandLine takes an unknown "--opt" as the file name; say what the operator meant.
                problems.Add($"未知的选项 / unknown option: {token.Value}");
            }

            var given = tokens.Count;
            if (given < argument.Arity.MinimumNumberOfValues)
            {
                var label = argument.HelpName ?? argument.Name;
                problems.Add($"缺少参数 {label} / missing argument {label}");
            }
        }

        if (parseResult.UnmatchedTokens.Count > 0)
        {
            var tokens = string.Join(' ', parseResult.UnmatchedTokens);
            problems.Add(command.Subcommands.Count > 0 && command.Arguments.Count == 0
                ? $"未知的子命令 / unknown subcommand: {tokens}"
                : $"无法识别的参数 / unexpected argument: {tokens}");
        }

        if (problems.Count == 0 && parseResult.Errors.Count > 0)
        {
            problems.AddRange(parseResult.Errors.Select(e => CliError.OneLine(e.Message)));
        }

        return problems.Count == 0 ? null : string.Join("; ", problems.Distinct());
    }

    /// <summary>Maps a key-loading failure to exit 2 with a hint about the profile, the usual cause.</summary>
    internal static CliError KeyError(CryptoContext ctx, string path, bool isPrivate, Exception ex)
    {
        var what = isPrivate ? "私钥" : "公钥";
        var whatEn = isPrivate ? "private key" : "public key";
        var algorithm = ctx.IsGm ? "SM2" : "ECDSA P-256";
        var hint = ex is CryptographicException
            ? ctx.IsGm
                ? " (a P-256 key needs --profile intl / P-256 密钥请加 --profile intl)"
                : " (an SM2 key needs --profile gm / SM2 密钥请用 --profile gm)"
            : string.Empty;
        return CliError.Usage(
            $"{path} 不是可用的 {algorithm} {what}",
            $"{path} is not a usable {algorithm} {whatEn}",
            CliError.DetailOf(ex) + hint);
    }
}
