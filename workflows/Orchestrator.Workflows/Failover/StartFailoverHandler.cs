using Mediator;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// Chooses the target with the Domain's rules (priority, cascading, and for each candidate the admission every move obeys: N+1, mirrors, anti-flapping), records the decision
/// with its evidence, and launches the failover — on hold when automatic failover is disabled (S19).
/// </summary>
public sealed class StartFailoverHandler(ProcedureLauncher launcher, ProcedureSuspender suspender, MoveAdmissionCheck admission, IAuditJournal audit, TimeProvider time)
    : ICommandHandler<StartFailoverCommand, FailoverOutcome>
{
    public async ValueTask<FailoverOutcome> Handle(StartFailoverCommand command, CancellationToken cancellationToken)
    {
        // The round's observation serves the first attempt; one planned again (another procedure moved the hierarchy) observes afresh.
        var round = command.Round;
        return await ProcedureLauncher.PlanFromCurrentStateAsync(() =>
        {
            var observed = round;
            round = null;
            return DecideAsync(command, observed, cancellationToken);
        }).ConfigureAwait(false);
    }

    private async Task<FailoverOutcome> DecideAsync(StartFailoverCommand command, RoundObservation? round, CancellationToken cancellationToken)
    {
        var context = await launcher.ResolveAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false);
        var (cluster, hierarchy) = (context.Cluster, context.Hierarchy);
        var failed = command.FailedNode ?? context.PlacedOn
            ?? throw new BadInputException($"hierarchy {hierarchy.Name} is in service on no node, so there is nothing to fail over; bring it in service with `orchestrator switchover {hierarchy.Name} --to NODE`");
        // S19 is applied below as a hold (a procedure waiting for approval), so the target is chosen as for an operator;
        // anti-flapping reads whether the monitor detected it (Automatic).
        var observation = round is not null
            ? round.For(hierarchy)
            : await admission.ObserveAsync(cluster, hierarchy, cancellationToken, failed).ConfigureAwait(false);
        var decision = FailoverTargetChooser.Choose(observation.Failover(cluster, hierarchy, failed, command.Automatic));
        if (!decision.IsChosen)
        {
            var trigger = $"Failover{decision.Kind}";
            var next = decision.Kind switch
            {
                FailoverDecisionKind.Wait => "the monitor tries again when that clears",
                FailoverDecisionKind.Blocked => "the monitor tries again on every check, and fails over once the block ends or is lifted",
                _ => "an operator decides",
            };
            var notStarted = $"{command.Evidence}; failover not started: {decision.Reason}; {next}";
            await RecordOnceAsync(hierarchy.Name, trigger, notStarted, command.Actor, cancellationToken, decision.Reason + "; " + next).ConfigureAwait(false);

            return new FailoverOutcome(decision, null, false);
        }

        var hold = command.Automatic && !cluster.Settings.AutomaticFailover
            ? "automatic failover is disabled (S19); run `orchestrator procedures approve` with this procedure's id to go on"
            : null;
        var reason = $"{command.Evidence}; fence {failed}; {decision.Reason}";

        // A rolling update (S29) yields: suspended first, so the failover can take the hierarchy — unless a step of it still
        // runs: then it drains (Suspending) and the failover is refused, naming it, until that step has reported.
        await suspender.SuspendForFailoverAsync(hierarchy.Name, command.Actor, $"{failed} failed ({command.Evidence})", cancellationToken).ConfigureAwait(false);
        try
        {
            context = await launcher.ResolveForMoveAsync(hierarchy.Name, cancellationToken, isFailover: true).ConfigureAwait(false);
        }
        catch (ActiveProcedureConflictException drains) when (command.Automatic && ProcedureStates.IsDraining(drains.ActiveState))
        {
            // The monitor asks again every round and launches the failover once the drain has ended; recorded once.
            var waits = $"{command.Evidence}; failover not started yet: {drains.Message}; the monitor tries again on every check";
            await RecordOnceAsync(hierarchy.Name, "FailoverWaitsForDrain", waits, command.Actor, cancellationToken).ConfigureAwait(false);
            return new FailoverOutcome(FailoverDecision.Wait(drains.Message), null, false);
        }

        var started = await launcher.LaunchAsync(
            new LaunchRequest(FailoverProcedure.KindName, context, failed, decision.Node, command.Actor, reason, hold), cancellationToken).ConfigureAwait(false);
        command.Round?.Moving(hierarchy.Name, decision.Node); // a held failover is an active move to its target too
        return new FailoverOutcome(decision, started, hold is not null);
    }

    /// <summary>
    /// The monitor asks again on every check; the journal records a decision once, not every few seconds: unless the
    /// hierarchy's last row is the same decision (its trigger, its reason ending in <paramref name="sameWhenEndsWith"/>).
    /// </summary>
    private async Task RecordOnceAsync(string hierarchy, string trigger, string reason, string actor, CancellationToken cancellationToken, string? sameWhenEndsWith = null)
    {
        var last = (await audit.ListAsync(new AuditQuery(Hierarchy: hierarchy, Limit: 1), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (last is null || last.TriggerName != trigger || !last.Reason.EndsWith(sameWhenEndsWith ?? reason, StringComparison.Ordinal))
        {
            await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, FailoverProcedure.KindName, hierarchy, null, null, trigger, actor, reason), cancellationToken).ConfigureAwait(false);
        }
    }
}
