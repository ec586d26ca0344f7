using System.CommandLine;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Cli.Output;
using Orchestrator.Workflows.Failover;

namespace Orchestrator.Cli.Commands;

/// <summary>`failover HIERARCHY [--failed-node N] [--reason TEXT] [--wait]`: an operator declares the active node failed.</summary>
public static class FailoverCommand
{
    public static Command Create()
    {
        var hierarchy = new Argument<string>("HIERARCHY") { Description = "The hierarchy whose node failed" }.NameOf("hierarchy");
        var failedNode = new Option<string?>("--failed-node") { Description = "The failed node (default: where the hierarchy is in service)" }.NameOf("node");
        var reason = AuditTextOptions.Reason("What was observed, in words, for the audit journal");
        var wait = WaitOption.Create();
        var failover = new Command("failover", "Fence the failed node and bring the hierarchy in service on the best node that can take it") { hierarchy, failedNode, reason, wait };
        CliAction.Set(failover, async (result, cancellationToken) =>
        {
            var actor = GlobalOptions.ResolveActor(result);
            var evidence = result.GetValue(reason) ?? $"{actor} declared the node of {result.GetValue(hierarchy)} failed";
            var command = new StartFailoverCommand(result.GetValue(hierarchy)!, result.GetValue(failedNode), actor, evidence, Automatic: false);
            await using var scope = await CommandScope.OpenAsync(result, result.GetValue(wait), cancellationToken).ConfigureAwait(false);
            var outcome = await scope.Mediator.Send(command, cancellationToken).ConfigureAwait(false);
            if (outcome.Started is not { } started)
            {
                if (result.GetValue(GlobalOptions.Json))
                {
                    JsonOutput.Write(outcome); // the decision, and no started procedure
                    return ExitCodes.ProcedureFailed;
                }

                Console.Out.WriteLine($"failover not started ({outcome.Decision.Kind}): {outcome.Decision.Reason}");
                return ExitCodes.ProcedureFailed;
            }

            return await scope.FollowStartedAsync(started, started.Id,
                $"procedure #{started.Id}: failover of {started.Hierarchy} from {started.SourceNode} to {started.TargetNode}, {started.Steps} steps; {outcome.Decision.Reason}",
                result.GetValue(wait), result.GetValue(GlobalOptions.Json), cancellationToken).ConfigureAwait(false);
        });
        return failover;
    }
}
