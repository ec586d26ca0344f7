using Mediator;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// Chooses the target with the Domain's rules (priority, cascading, N+1 admission, mirrors), records the decision
/// with its evidence, and launches the failover — on hold when automatic failover is disabled (S19).
/// </summary>
public sealed class StartFailoverHandler(ProcedureLauncher launcher, ProcedureSuspender suspender, IProcedureStore store, IAuditJournal audit, INodeProbe nodes, IMirrorProbe mirrors, TimeProvider time)
    : ICommandHandler<StartFailoverCommand, FailoverOutcome>
{
    public async ValueTask<FailoverOutcome> Handle(StartFailoverCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => DecideAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<FailoverOutcome> DecideAsync(StartFailoverCommand command, CancellationToken cancellationToken)
    {
        var context = await launcher.ResolveAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false);
        var (cluster, hierarchy) = (context.Cluster, context.Hierarchy);
        var failed = command.FailedNode ?? context.PlacedOn
            ?? throw new BadInputException($"hierarchy {hierarchy.Name} is in service on no node, so there is nothing to fail over; bring it in service with `orchestrator switchover {hierarchy.Name} --to NODE`");
        var up = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var mirrorStates = new Dictionary<string, MirrorState>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in cluster.Nodes)
        {
            if (await nodes.IsUpAsync(node.Name, cancellationToken).ConfigureAwait(false))
            {
                up.Add(node.Name);
            }

            mirrorStates[node.Name] = await mirrors.GetMirrorStateAsync(node.Name, cancellationToken).ConfigureAwait(false);
        }

        var others = (await store.GetPlacementsAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.Node is not null && !string.Equals(p.Hierarchy, hierarchy.Name, StringComparison.OrdinalIgnoreCase))
            .Select(p => new HierarchyPlacement(p.Hierarchy, p.Node!, cluster.FindHierarchy(p.Hierarchy)?.PrimaryNode ?? p.Node!))
            .ToList();
        // S19 is applied below as a hold (a procedure waiting for approval), so the target is chosen as for an operator.
        var decision = FailoverTargetChooser.Choose(new FailoverSituation(
            cluster, hierarchy, failed, up, others, mirrorStates, RequestedByOperator: true));
        if (!decision.IsChosen)
        {
            var trigger = $"Failover{decision.Kind}";
            var next = decision.Kind == FailoverDecisionKind.Wait ? "the monitor tries again when that clears" : "an operator decides";
            var notStarted = $"{command.Evidence}; failover not started: {decision.Reason}; {next}";
            var last = (await audit.ListAsync(new AuditQuery(Hierarchy: hierarchy.Name, Limit: 1), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            if (last is null || last.TriggerName != trigger || !last.Reason.EndsWith(decision.Reason + "; " + next, StringComparison.Ordinal))
            {
                // The monitor asks again on every check; the journal records a decision once, not every few seconds.
                await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, FailoverProcedure.KindName, hierarchy.Name, null, null, trigger, command.Actor, notStarted), cancellationToken).ConfigureAwait(false);
            }

            return new FailoverOutcome(decision, null, false);
        }

        var hold = command.Automatic && !cluster.Settings.AutomaticFailover
            ? "automatic failover is disabled (S19); run `orchestrator procedures approve` with this procedure's id to go on"
            : null;
        var reason = $"{command.Evidence}; fence {failed}; {decision.Reason}";

        // A rolling update (S29) yields: suspended first, so the failover can take the hierarchy.
        await suspender.SuspendForFailoverAsync(hierarchy.Name, command.Actor, $"{failed} failed ({command.Evidence})", cancellationToken).ConfigureAwait(false);
        var started = await launcher.LaunchAsync(
            new LaunchRequest(FailoverProcedure.KindName, context, failed, decision.Node, command.Actor, reason, hold), cancellationToken).ConfigureAwait(false);
        return new FailoverOutcome(decision, started, hold is not null);
    }
}
