using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Replicas;
using static Orchestrator.Workflows.ReplicaListUpdate.ReplicaUpdateTriggers;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// Pause (running batches finish, none starts), resume, cancel (batches not started are cancelled) or retry the failed
/// folders of an update: one audited transition, then the scheduler dispatches what became due.
/// </summary>
public sealed class ChangeReplicaUpdateHandler(
    IReplicaUpdateStore store, ReplicaUpdateTransitions transitions, ReplicaUpdateScheduler scheduler, ReplicaUpdateViews views)
    : ICommandHandler<ChangeReplicaUpdateCommand, ReplicaUpdateView>
{
    public async ValueTask<ReplicaUpdateView> Handle(ChangeReplicaUpdateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var update = await store.LatestAsync(command.Hierarchy, cancellationToken).ConfigureAwait(false)
            ?? throw ReplicaUpdateAudit.NoUpdate(command.Hierarchy);
        var name = ReplicaUpdateAudit.Name(update);
        var (trigger, effect, reason) = command.Operation switch
        {
            ReplicaUpdateOperation.Pause => (Pause, ReplicaBatchEffect.None,
                $"paused {name} at {update.Done} of {update.Total} folder(s): running batches finish, no new batch starts; `orchestrator replicas resume {update.Hierarchy}` goes on"),
            ReplicaUpdateOperation.Resume => (Resume, ReplicaBatchEffect.None, $"resumed {name} at {update.Done} of {update.Total} folder(s)"),
            ReplicaUpdateOperation.Cancel => (Cancel, ReplicaBatchEffect.CancelPending,
                $"cancelled {name} at {update.Done} of {update.Total} folder(s): folders not written keep listing {update.FromServer}"),
            _ => (RetryFailed, ReplicaBatchEffect.RequeueFailures, $"retrying the {update.Failed} failed folder(s) of {name}"),
        };
        if (!await transitions.FireAsync(update, trigger, command.Actor, reason, cancellationToken, effect).ConfigureAwait(false))
        {
            throw new ProcedureStateException($"{name} changed meanwhile; look again with `orchestrator replicas status {update.Hierarchy}`");
        }

        await scheduler.KickAsync(update.Id, cancellationToken).ConfigureAwait(false);
        var now = await store.GetAsync(update.Id, cancellationToken).ConfigureAwait(false);
        return await views.GetAsync(now!, cancellationToken).ConfigureAwait(false);
    }
}
