using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Cli.Commands;

/// <summary>`switchover HIERARCHY --to NODE [--wait]` (S16).</summary>
public static class SwitchoverCommand
{
    public static Command Create()
    {
        var hierarchy = new Argument<string>("HIERARCHY") { Description = "The hierarchy to move" };
        var to = new Option<string>("--to") { Description = "The node to bring it in service on", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why, in words, for the audit journal" };
        var wait = WaitOption.Create();
        var switchover = new Command("switchover", "Move a hierarchy to another node, resource by resource") { hierarchy, to, reason, wait };
        CliAction.Set(switchover, async (result, cancellationToken) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            var logJson = result.GetValue(GlobalOptions.LogJson);
            var json = result.GetValue(GlobalOptions.Json);
            var command = new StartSwitchoverCommand(result.GetValue(hierarchy)!, result.GetValue(to)!, GlobalOptions.ResolveActor(result), result.GetValue(reason));
            if (!result.GetValue(wait))
            {
                await using var client = CliServices.ForExisting(dataDir, logJson);
                var queued = await client.Mediator.Send(command, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    return JsonOutput.Write(queued);
                }

                Describe(queued);
                ProcedureOutcome.Queued(queued.Id, dataDir);
                return ExitCodes.Ok;
            }

            await using var session = await RunnerSession.OpenAsync(dataDir, logJson, mustRun: false, createIfMissing: false, cancellationToken).ConfigureAwait(false);
            var started = await session.Mediator.Send(command, cancellationToken).ConfigureAwait(false);
            if (!json)
            {
                Describe(started);
            }

            var view = await ProcedureWatcher.WatchAsync(session.Mediator, started.Id, session.TryTakeOverAsync, cancellationToken).ConfigureAwait(false);
            return ProcedureOutcome.Report(view, json);
        });
        return switchover;
    }

    private static void Describe(Engine.Commands.ProcedureStarted started) =>
        Console.Out.WriteLine($"procedure #{started.Id}: switchover of {started.Hierarchy} from {started.SourceNode ?? "(nowhere)"} to {started.TargetNode}, {started.Steps} steps");
}
