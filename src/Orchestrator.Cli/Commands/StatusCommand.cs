using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Engine.Queries.GetStatus;

namespace Orchestrator.Cli.Commands;

/// <summary>`status [--json]`: where every hierarchy is in service.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Show where each hierarchy is in service");
        CliAction.SetQuery(command, _ => new GetStatusQuery(), Tables.Status);
        return command;
    }
}
