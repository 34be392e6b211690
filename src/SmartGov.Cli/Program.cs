using System.CommandLine;
using SmartGov.Cli;

var root = new RootCommand("sgov — 智慧政务 SmartGov operators' tool / 运维命令行工具");
root.Subcommands.Add(MigrateCommand.Create());
foreach (var command in SmartGov.Cli.Audit.AuditCommands.Create()) { root.Subcommands.Add(command); }
return await root.Parse(args).InvokeAsync();
