using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Workflows.Failback;

namespace Orchestrator.Cli.Commands;

/// <summary>`failback HIERARCHY [--to NODE] [--reason TEXT] [--wait]` (S20): back to a better node, never to a worse one.</summary>
public static class FailbackCommand
{
    public static Command Create()
    {
        var hierarchy = new Argument<string>("HIERARCHY") { Description = "The hierarchy to move back" }.NameOf("hierarchy");
        var to = new Option<string?>("--to") { Description = "The node to move back to (default: the best live node better than the current one)" }.NameOf("node");
        var reason = AuditTextOptions.Reason("Why, in words, for the audit journal");
        var wait = WaitOption.Create();
        var failback = new Command("failback", "Move a hierarchy back to a higher-priority node, with its users and queues") { hierarchy, to, reason, wait };
        CliAction.Set(failback, async (result, cancellationToken) =>
        {
            var command = new StartFailbackCommand(result.GetValue(hierarchy)!, result.GetValue(to), GlobalOptions.ResolveActor(result), result.GetValue(reason));
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var started = await scope.Mediator.Send(command, cancellationToken).ConfigureAwait(false);
            return await scope.FollowStartedAsync(started, started.Id,
                $"procedure #{started.Id}: failback of {started.Hierarchy} from {started.SourceNode} to {started.TargetNode}, {started.Steps} steps",
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return failback;
    }
}
