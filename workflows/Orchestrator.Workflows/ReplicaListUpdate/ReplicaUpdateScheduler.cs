using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// Keeps an update moving, from what the tables say: supersedes it when a newer move of its hierarchy exists,
/// dispatches its planning, keeps up to its parallelism of batches in flight, and completes it when no batch is left.
/// Called after every change and by the periodic sweep, so a crash between a commit and a dispatch loses nothing.
/// </summary>
public sealed class ReplicaUpdateScheduler(
    IReplicaUpdateStore store,
    IWorkDispatcher dispatcher,
    WorkerIdentity worker,
    ReplicaUpdateTransitions transitions,
    EngineOptions options,
    TimeProvider time,
    ILogger<ReplicaUpdateScheduler> logger) : IDisposable
{
    // One kick at a time in this process: two at once would both see room for batches and dispatch twice the parallelism.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task KickAsync(long updateId, CancellationToken cancellationToken)
    {
        if (dispatcher.LaunchMark is null) // a process that runs no jobs: the runner process's sweeper kicks the update
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await store.GetAsync(updateId, cancellationToken).ConfigureAwait(false) is { IsActive: true } update)
            {
                await KickAsync(update, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ProcedureStateException e)
        {
            logger.LogDebug("Replica-list update #{UpdateId} moved on meanwhile: {Message}", updateId, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task KickAsync(ReplicaUpdateRecord update, CancellationToken cancellationToken)
    {
        if (await store.NewerMoveAsync(update, ReplicaUpdateMoves.Kinds, cancellationToken).ConfigureAwait(false) is { } newer)
        {
            var reason = $"{ReplicaUpdateAudit.Name(update)} superseded by {newer.Kind} #{newer.Id} of {update.Hierarchy}: it stops at a batch boundary " +
                $"({update.Done} of {update.Total} folder(s) done); the newer move's own update sets every folder's final list";
            if (await transitions.FireAsync(update, ReplicaUpdateTriggers.Supersede, ReplicaUpdateAudit.System, reason, cancellationToken,
                    ReplicaBatchEffect.CancelPending, supersededBy: newer.Id).ConfigureAwait(false))
            {
                logger.LogInformation("Replica-list update #{UpdateId} superseded by {Kind} #{ProcedureId}", update.Id, newer.Kind, newer.Id);
            }

            return;
        }

        switch (update.State)
        {
            case ReplicaUpdateStates.Planning:
                await dispatcher.DispatchAsync(WorkItem.ReplicaPlan(update.Id), cancellationToken).ConfigureAwait(false);
                break;
            case ReplicaUpdateStates.Running:
                await DispatchBatchesAsync(update, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task DispatchBatchesAsync(ReplicaUpdateRecord update, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (due, inFlight) = await store.SchedulableBatchesAsync(update.Id, worker.Id, now, now - options.RedispatchAfter, update.Parallelism, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0 && inFlight == 0)
        {
            if (await store.UnfinishedBatchesAsync(update.Id, cancellationToken).ConfigureAwait(false) == 0)
            {
                await CompleteAsync(update, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var seq in due.Take(Math.Max(0, update.Parallelism - inFlight)))
        {
            await dispatcher.DispatchAsync(WorkItem.ReplicaBatch(update.Id, seq), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CompleteAsync(ReplicaUpdateRecord update, CancellationToken cancellationToken)
    {
        var failures = update.Failed > 0 ? await store.OpenFailuresAsync(update.Id, cancellationToken).ConfigureAwait(false) : [];
        var reason = $"completed {ReplicaUpdateAudit.Name(update)}: {update.Done} of {update.Total} public folder(s) now list {update.ToServer} " +
            $"instead of {update.FromServer} ({update.Changed} changed, {update.Done - update.Changed} already correct)" +
            (failures.Count == 0 ? "" : $"; {failures.Count} failed ({string.Join(", ", failures.Take(5).Select(f => $"{f.Folder}: {f.Error}"))}" +
                $"{(failures.Count > 5 ? ", …" : "")}) — see `orchestrator replicas status {update.Hierarchy}`, then `orchestrator replicas retry-failed {update.Hierarchy}`");
        var details = failures.Take(100).Select(f => new { folder = f.Folder, attempts = f.Attempts, error = f.Error }).ToList();
        if (await transitions.FireAsync(update, ReplicaUpdateTriggers.BatchesFinished, ReplicaUpdateAudit.System, reason, cancellationToken,
                details: details.Count == 0 ? null : new { failures = details }).ConfigureAwait(false))
        {
            logger.LogInformation("Replica-list update #{UpdateId} completed: {Done} done, {Failed} failed", update.Id, update.Done, update.Failed);
        }
    }
}
