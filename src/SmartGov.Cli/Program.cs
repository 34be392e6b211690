using System.CommandLine;
using System.CommandLine.Invocation;
using SmartGov.Cli;

var root = new RootCommand("sgov — 智慧政务 SmartGov operators' tool / 运维命令行工具");
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(SmartGov.Cli.Crypto.CryptoCommands.Create());
foreach (var command in SmartGov.Cli.Audit.AuditCommands.Create()) { root.Subcommands.Add(command); }
root.Subcommands.Add(SmartGov.Cli.Results.ResultCommands.Create());

var parsed = root.Parse(args);
if (parsed.Action is ParseErrorAction && parsed.Errors.Count > 0)
{
    // Scripts read exit 1 as "checked and found invalid"; a mistyped command line is a usage error (2).
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"sgov: 命令行有误 / usage error: {error.Message}");
    }
    await Console.Error.WriteLineAsync("sgov --help 查看用法 / shows the usage.");
    return 2;
}
return await parsed.InvokeAsync();
