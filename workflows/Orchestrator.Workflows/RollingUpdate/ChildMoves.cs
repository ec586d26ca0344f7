using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// The moves a cluster update makes through child switchovers: launched once per step (found again by the marker in
/// their reason after a crash), then waited for with a persisted poll. A child that stops for an operator stops the run.
/// </summary>
public sealed class ChildMoves(ProcedureLauncher launcher, CurrentDefinition definitions, IProcedureStore store, INodeProbe nodes, EngineOptions options)
{
    /// <summary>Moves every hierarchy <paramref name="choose"/> gives a target for; returns when all those moves completed.</summary>
    public async Task<IReadOnlyList<string>> MoveAsync(
        StepExecution execution, Func<HierarchyContext, IReadOnlySet<string>, string?> choose, string why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(choose);
        var (cluster, _) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var up = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in cluster.Nodes)
        {
            if (await nodes.IsUpAsync(node.Name, cancellationToken).ConfigureAwait(false))
            {
                up.Add(node.Name);
            }
        }

        var marker = $"[rolling update #{execution.Procedure.Id}, step {execution.Step.Seq}.{execution.Step.Generation}]";
        var moved = new List<string>();
        var waiting = new List<string>();
        foreach (var h in cluster.Hierarchies)
        {
            var child = (await store.ListAsync(h.Name, 50, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(p => p.Kind == SwitchoverProcedure.KindName && p.Reason.Contains(marker, StringComparison.Ordinal));
            if (child is null)
            {
                var context = await launcher.ResolveAsync(h.Name, cancellationToken).ConfigureAwait(false);
                if (choose(context, up) is not { } target)
                {
                    continue;
                }

                var started = await launcher.LaunchAsync(new LaunchRequest(SwitchoverProcedure.KindName, context, context.PlacedOn, target,
                    execution.Procedure.RequestedBy, $"{why} {marker}"), cancellationToken).ConfigureAwait(false);
                waiting.Add($"switchover #{started.Id} of {h.Name} to {target}");
                continue;
            }

            moved.Add($"{h.Name} → {child.TargetNode} (#{child.Id})");
            if (ProcedureStates.IsAchieved(child.State))
            {
                continue;
            }

            if (!child.IsActive || child.State == ProcedureStates.WaitingForOperator)
            {
                throw new EnvironmentException(
                    $"switchover #{child.Id} of {h.Name} is {child.State}{(child.LastError is { } e ? $": {e}" : "")}; settle it, then retry this update", transient: false);
            }

            waiting.Add($"switchover #{child.Id} of {h.Name} to {child.TargetNode}");
        }

        if (waiting.Count > 0)
        {
            throw new StepNotReadyException(string.Join(", ", waiting), options.ServicePollInterval);
        }

        return moved;
    }
}
