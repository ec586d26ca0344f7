using Orchestrator.Domain.Rules;
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
/// The moves a cluster update makes through child switchovers, each admitted by the rule every move obeys: launched once per step (found again by the marker in
/// their reason after a crash), then waited for with a persisted poll. A child that stops for an operator stops the run.
/// </summary>
public sealed class ChildMoves(ProcedureLauncher launcher, CurrentDefinition definitions, IProcedureStore store, INodeProbe nodes, EngineOptions options)
{
    /// <summary>
    /// Moves every hierarchy <paramref name="choose"/> gives candidate targets for (best first) to the first the admission rule
    /// admits; returns when all those moves completed. A candidate waiting for a resync makes the step wait; none admitted
    /// stops the run for an operator with the reasons.
    /// </summary>
    public async Task<IReadOnlyList<string>> MoveAsync(
        StepExecution execution, Func<HierarchyContext, IReadOnlySet<string>, IReadOnlyList<string>> choose, string why, CancellationToken cancellationToken)
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
                var candidates = choose(context, up);
                if (candidates.Count == 0)
                {
                    continue;
                }

                var (target, admitted) = await AdmitAsync(context, candidates, cancellationToken).ConfigureAwait(false);
                var started = await launcher.LaunchAsync(new LaunchRequest(SwitchoverProcedure.KindName, context, context.PlacedOn, target,
                    execution.Procedure.RequestedBy, $"{why}; {admitted} {marker}"), cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The first candidate the admission rule admits for an update move, with the evidence (and the candidates skipped
    /// before it) in words; otherwise a wait (a resync) or a stop for an operator.
    /// </summary>
    private async Task<(string Target, string Why)> AdmitAsync(HierarchyContext context, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        var refusals = new List<AdmittedMove>();
        foreach (var candidate in candidates)
        {
            var move = await launcher.AdmitMoveAsync(context, candidate, MoveKind.UpdateMove, automatic: false, cancellationToken).ConfigureAwait(false);
            if (move.Verdict.IsAdmitted)
            {
                var skipped = refusals.Count == 0 ? "" : $" (skipped {string.Join("; ", refusals.Select(r => $"{r.Target}: {r.Verdict.Reason}"))})";
                return (move.Target, $"target admitted: {move.Verdict.Text}{skipped}");
            }

            refusals.Add(move);
        }

        var why = string.Join("; ", refusals.Select(r => $"{r.Target}: {r.Verdict.Reason}"));
        if (refusals.Any(r => r.Verdict.Kind == MoveVerdictKind.Wait))
        {
            throw new StepNotReadyException($"a node admitted for {context.Hierarchy.Name} ({why})", options.ServicePollInterval);
        }

        throw new EnvironmentException($"no node is admitted for {context.Hierarchy.Name}: {why}; settle it, then retry this update", transient: false);
    }
}
