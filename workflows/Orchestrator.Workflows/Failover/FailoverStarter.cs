using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// A failover in two steps. <see cref="DecideAsync"/> chooses the target with the Domain's rules (priority, cascading,
/// and for each candidate the admission every move obeys: N+1, mirrors, anti-flapping) and records a decision that
/// starts nothing, with its evidence; an admitted one is recorded in the round's observation as moving, so the round's
/// next decision sees where it goes. <see cref="LaunchAsync"/> makes an admitted one durable — on hold when automatic
/// failover is disabled (S19) — and touches no round, so a round's launches may run together. A chosen target without
/// usable directory credentials (S15, <see cref="DirectoryCredentialAdmission"/>) starts nothing: an operator's failover
/// is refused naming `credentials set`, the monitor's is recorded as a refused decision and asked again next round.
/// </summary>
public sealed class FailoverStarter(
    ProcedureLauncher launcher, ProcedureSuspender suspender, MoveAdmissionCheck admission, DirectoryCredentialAdmission credentials, IAuditJournal audit, TimeProvider time)
{
    /// <summary>Decides and launches, planned again from the current state when the hierarchy moved meanwhile.</summary>
    public async Task<FailoverOutcome> StartAsync(StartFailoverCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        // The round's observation serves the first attempt; one planned again (another procedure moved the hierarchy) observes afresh.
        var round = command.Round;
        return await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var observed = round;
            round = null;
            var decided = await DecideAsync(command, observed, cancellationToken).ConfigureAwait(false);
            return decided.Admitted is { } admitted ? await LaunchOnceAsync(admitted, cancellationToken).ConfigureAwait(false) : decided.NotStarted!;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The decision, on <paramref name="round"/> when given (then an admitted failover is recorded there as moving to
    /// its target, held or not), else on the situation observed now. Nothing durable but a decision that starts nothing.
    /// </summary>
    public async Task<FailoverDecided> DecideAsync(StartFailoverCommand command, RoundObservation? round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
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

            return new FailoverDecided(null, new FailoverOutcome(decision, null, false));
        }

        // S15: checked before anything is suspended, recorded as moving or created; the launch checks again (one rule).
        var usable = await credentials.CheckAsync(FailoverProcedure.KindName, hierarchy.Name, cancellationToken).ConfigureAwait(false);
        if (!usable.Usable)
        {
            if (!command.Automatic)
            {
                throw new BadInputException(usable.Refusal!);
            }

            const string Next = "the monitor tries again on every check";
            var refused = FailoverDecision.Refused(usable.Refusal!);
            await RecordOnceAsync(hierarchy.Name, $"Failover{refused.Kind}", $"{command.Evidence}; failover to {decision.Node} not started: {refused.Reason}; {Next}",
                command.Actor, cancellationToken, refused.Reason + "; " + Next).ConfigureAwait(false);
            return new FailoverDecided(null, new FailoverOutcome(refused, null, false));
        }

        var hold = command.Automatic && !cluster.Settings.AutomaticFailover
            ? "automatic failover is disabled (S19); run `orchestrator procedures approve` with this procedure's id to go on"
            : null;
        var reason = $"{command.Evidence}; fence {failed}; {decision.Reason}";
        // A held failover is an active move to its target too. Recorded before the launch, so the round's next decision
        // sees it while this one is persisted; a launch that then fails leaves the target taken for the rest of the round only.
        round?.Moving(hierarchy.Name, decision.Node);
        return new FailoverDecided(new AdmittedFailover(command, context, failed, decision, decision.Node, reason, hold), null);
    }

    /// <summary>
    /// Persists an admitted failover; when the hierarchy moved since the decision read it, decides again on the situation
    /// observed now (never on the round's observation, which the round's next decisions are using) and launches that.
    /// </summary>
    public async Task<FailoverOutcome> LaunchAsync(AdmittedFailover admitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        var first = admitted;
        return await ProcedureLauncher.PlanFromCurrentStateAsync(async () =>
        {
            var current = first;
            first = null;
            if (current is null)
            {
                var decided = await DecideAsync(admitted.Request, null, cancellationToken).ConfigureAwait(false);
                if (decided.Admitted is not { } again)
                {
                    return decided.NotStarted!;
                }

                current = again;
            }

            return await LaunchOnceAsync(current, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task<FailoverOutcome> LaunchOnceAsync(AdmittedFailover admitted, CancellationToken cancellationToken)
    {
        var (command, failed, decision) = (admitted.Request, admitted.Failed, admitted.Decision);
        var hierarchy = admitted.Context.Hierarchy.Name;

        // A rolling update (S29) yields: suspended first, so the failover can take the hierarchy — unless a step of it still
        // runs: then it drains (Suspending) and the failover is refused, naming it, until that step has reported.
        await suspender.SuspendForFailoverAsync(hierarchy, command.Actor, $"{failed} failed ({command.Evidence})", cancellationToken).ConfigureAwait(false);
        HierarchyContext context;
        try
        {
            context = await launcher.ResolveForMoveAsync(hierarchy, cancellationToken, isFailover: true).ConfigureAwait(false);
        }
        catch (ActiveProcedureConflictException drains) when (command.Automatic && ProcedureStates.IsDraining(drains.ActiveState))
        {
            // The monitor asks again every round and launches the failover once the drain has ended; recorded once.
            var waits = $"{command.Evidence}; failover not started yet: {drains.Message}; the monitor tries again on every check";
            await RecordOnceAsync(hierarchy, "FailoverWaitsForDrain", waits, command.Actor, cancellationToken).ConfigureAwait(false);
            return new FailoverOutcome(FailoverDecision.Wait(drains.Message), null, false);
        }

        var started = await launcher.LaunchAsync(
            new LaunchRequest(FailoverProcedure.KindName, context, failed, admitted.Target, command.Actor, admitted.Reason, admitted.Hold), cancellationToken).ConfigureAwait(false);
        return new FailoverOutcome(decision, started, admitted.Hold is not null);
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
