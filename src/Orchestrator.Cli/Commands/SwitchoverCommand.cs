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
        var hierarchy = new Argument<string>("HIERARCHY") { Description = "The hierarchy to move" }.NameOf("hierarchy");
        var to = new Option<string>("--to") { Description = "The node to bring it in service on", Required = true }.NameOf("node");
        var reason = AuditTextOptions.Reason("Why, in words, for the audit journal");
        var wait = WaitOption.Create();
        var switchover = new Command("switchover", "Move a hierarchy to another node, resource by resource") { hierarchy, to, reason, wait };
        CliAction.Set(switchover, async (result, cancellationToken) =>
        {
            var json = result.GetValue(GlobalOptions.Json);
            var command = new StartSwitchoverCommand(result.GetValue(hierarchy)!, result.GetValue(to)!, GlobalOptions.ResolveActor(result), result.GetValue(reason));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(command, cancellationToken).ConfigureAwait(false);
            if (!result.GetValue(wait))
            {
                if (json)
                {
                    return JsonOutput.Write(started);
                }

                Describe(started);
                ProcedureOutcome.Queued(started.Id, scope.DataDirectory);
                return ExitCodes.Ok;
            }

            if (!json)
            {
                Describe(started);
            }

            return await scope.FollowAsync(started.Id, wait: true, json, cancellationToken).ConfigureAwait(false);
        });
        return switchover;
    }

    private static void Describe(Engine.Commands.ProcedureStarted started) =>
        Console.Out.WriteLine($"procedure #{started.Id}: switchover of {started.Hierarchy} from {started.SourceNode ?? "(nowhere)"} to {started.TargetNode}, {started.Steps} steps");
}
