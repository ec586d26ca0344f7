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
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var services = CliServices.ForExisting(GlobalOptions.ResolveDataDir(result), result.GetValue(GlobalOptions.LogJson));
            var status = await services.Mediator.Send(new GetStatusQuery(), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(GlobalOptions.Json))
            {
                return JsonOutput.Write(status);
            }

            Tables.Status(status);
            return ExitCodes.Ok;
        });
        return command;
    }
}
