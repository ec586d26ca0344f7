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
        var command = new Command("switchover", "Move a hierarchy to another node, resource by resource") { hierarchy, to, reason, wait };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dataDir = GlobalOptions.ResolveDataDir(result);
            var waiting = result.GetValue(wait);
            await using var session = waiting
                ? await RunnerSession.OpenAsync(dataDir, result.GetValue(GlobalOptions.LogJson), mustRun: false, createIfMissing: false, cancellationToken).ConfigureAwait(false)
                : null;
            await using var client = session is null ? CliServices.ForExisting(dataDir, result.GetValue(GlobalOptions.LogJson)) : null;
            var mediator = (session?.Services ?? client!).Mediator;
            var started = await mediator.Send(
                new StartSwitchoverCommand(result.GetValue(hierarchy)!, result.GetValue(to)!, GlobalOptions.ResolveActor(result), result.GetValue(reason)),
                cancellationToken).ConfigureAwait(false);
            var json = result.GetValue(GlobalOptions.Json);
            if (!json)
            {
                Console.Out.WriteLine($"procedure #{started.Id}: switchover of {started.Hierarchy} from {started.SourceNode ?? "(nowhere)"} to {started.TargetNode}, {started.Steps} steps");
            }

            if (!waiting)
            {
                ProcedureOutcome.Queued(started.Id, runsHere: false);
                return json ? JsonOutput.Write(started) : ExitCodes.Ok;
            }

            var view = await ProcedureWatcher.WatchAsync(mediator, started.Id, cancellationToken).ConfigureAwait(false);
            return ProcedureOutcome.Report(view, json);
        });
        return command;
    }
}
