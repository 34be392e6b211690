using System.CommandLine;
using SmartGov.Cli;

var root = new RootCommand("sgov — 智慧政务 SmartGov operators' tool / 运维命令行工具");
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(SmartGov.Cli.Crypto.CryptoCommands.Create());
return await root.Parse(args).InvokeAsync();
