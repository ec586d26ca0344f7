using Mediator;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Admission;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Workflows.Failback;

/// <summary>
/// Checks the failback with S20 (a better node, never a lower-priority one) and the admission rule every move obeys, then
/// launches it. An automatic switchback that is not admitted (anti-flapping, a mirror…) is recorded once as the monitor's
/// decision, then refused like an operator's request; so is one the directory credentials cannot serve (S15).
/// </summary>
public sealed class StartFailbackHandler(
    ProcedureLauncher launcher, MoveAdmissionCheck admission, DirectoryCredentialAdmission credentials, IAuditJournal audit, TimeProvider time) : ICommandHandler<StartFailbackCommand, ProcedureStarted>
{
    public async ValueTask<ProcedureStarted> Handle(StartFailbackCommand command, CancellationToken cancellationToken) =>
        await ProcedureLauncher.PlanFromCurrentStateAsync(() => StartAsync(command, cancellationToken)).ConfigureAwait(false);

    private async Task<ProcedureStarted> StartAsync(StartFailbackCommand command, CancellationToken cancellationToken)
    {
        var context = await launcher.ResolveForMoveAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false);
        var (cluster, hierarchy) = (context.Cluster, context.Hierarchy);
        var current = context.PlacedOn
            ?? throw new BadInputException($"hierarchy {hierarchy.Name} is in service on no node; bring it in service with `orchestrator switchover {hierarchy.Name} --to NODE`");
        // One observation for the whole decision: S20's "which better node is up" and the admission of the move onto it.
        var observation = await admission.ObserveAsync(cluster, hierarchy, cancellationToken).ConfigureAwait(false);
        var up = observation.UpNodes;
        if (SwitchbackRule.ExplainRefusal(cluster, hierarchy, current, up, command.TargetNode) is { } refusal)
        {
            throw new BadInputException(refusal);
        }

        var chosen = command.TargetNode ?? SwitchbackRule.FailbackTarget(cluster, hierarchy, current, up)!;
        var target = cluster.FindNode(chosen)!.Name; // S20 refused a node outside the cluster above; the definition's spelling
        var verdict = MoveAdmission.Admit(observation.Move(cluster, hierarchy, MoveKind.Failback, current, target, command.Automatic));
        if (!verdict.IsAdmitted)
        {
            if (command.Automatic)
            {
                await RecordOnceAsync(hierarchy.Name, $"Failback{verdict.Kind}", command.Actor,
                    $"{command.Reason ?? "automatic switchback"}; failback to {target} not started: {verdict.Reason}", cancellationToken).ConfigureAwait(false);
            }

            throw new BadInputException(verdict.Reason);
        }

        // S15: the launch refuses it too; checked here so the monitor's switchback records its decision like any refusal.
        var usable = await credentials.CheckAsync(FailbackProcedure.KindName, hierarchy.Name, cancellationToken).ConfigureAwait(false);
        if (!usable.Usable)
        {
            if (command.Automatic)
            {
                await RecordOnceAsync(hierarchy.Name, "FailbackRefused", command.Actor,
                    $"{command.Reason ?? "automatic switchback"}; failback to {target} not started: {usable.Refusal}", cancellationToken).ConfigureAwait(false);
            }

            throw new BadInputException(usable.Refusal!);
        }

        var why = command.Reason ?? $"{command.Actor} requested failback of {hierarchy.Name}";
        var reason = $"{why}: from {current} (priority {hierarchy.PriorityOf(current)}) back to {target} (priority {hierarchy.PriorityOf(target)}); target admitted: {verdict.Text}";
        return await launcher.LaunchAsync(new LaunchRequest(FailbackProcedure.KindName, context, current, target, command.Actor, reason), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The monitor asks again on every check; the journal records a decision once, not every few seconds.</summary>
    private async Task RecordOnceAsync(string hierarchy, string trigger, string actor, string reason, CancellationToken cancellationToken)
    {
        var last = (await audit.ListAsync(new AuditQuery(Hierarchy: hierarchy, Limit: 1), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (last is null || last.TriggerName != trigger || last.Reason != reason)
        {
            await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, FailbackProcedure.KindName, hierarchy, null, null, trigger, actor, reason), cancellationToken).ConfigureAwait(false);
        }
    }
}
