using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Execution;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// Runs batches on the one claim mechanism: claim (a fencing token), write the folders (ensure the new server present and
/// the old one absent) under the claim's heartbeat, then commit the checkpoint — counts, folders to retry later, folders
/// given up on — with the claim of the next batch, and go on with it. The checkpoint names the claim's token: a worker
/// whose claim was taken over (its lease lost) checkpoints nothing. A crash loses at most the batch in flight, and
/// redoing it writes nothing wrong.
/// </summary>
public sealed class ReplicaBatchRunner(
    IReplicaUpdateStore store,
    IPublicFolderControl folders,
    ReplicaUpdateScheduler scheduler,
    WorkerIdentity worker,
    EngineOptions options,
    TimeProvider time,
    ILogger<ReplicaBatchRunner> logger) : IWorkRunner
{
    public string Kind => WorkKinds.ReplicaBatch;

    public async Task RunAsync(long ownerId, int seq, CancellationToken cancellationToken)
    {
        // The claim is the guard: a batch held by a live claim (this process's included) is not claimed again.
        var batch = await store.TryClaimBatchAsync(ownerId, seq, worker.Id, time.GetUtcNow(), options.ClaimLease, ReplicaUpdateMoves.Kinds, cancellationToken).ConfigureAwait(false);
        var update = batch is null ? null : await store.GetAsync(ownerId, cancellationToken).ConfigureAwait(false);
        while (batch is not null && update is not null)
        {
            var inFlight = BatchClaim.Of(batch);
            try
            {
                batch = await RunClaimedAsync(update, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // An infrastructure failure (the database busy on the checkpoint…): the batch in flight goes back at once,
                // not at its lease's end — Hangfire retries only this job's entry batch, which may be long done.
                await GiveBackInterruptedAsync(inFlight, e).ConfigureAwait(false);
                throw;
            }
        }

        await scheduler.KickAsync(ownerId, cancellationToken).ConfigureAwait(false);
    }

    private async Task GiveBackInterruptedAsync(BatchClaim claim, Exception failure)
    {
        try
        {
            var given = await store.GiveBackBatchAsync(claim, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning(failure, "{Claim} was interrupted by an infrastructure failure; {Outcome}", claim,
                given ? "given back at once" : "it was no longer held");
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Claim} could not be given back after an infrastructure failure; it is taken over once its lease expires", claim);
        }
    }

    /// <summary>Runs one claimed batch; returns the next batch when this worker claimed it with the checkpoint.</summary>
    private async Task<ReplicaBatchRecord?> RunClaimedAsync(ReplicaUpdateRecord update, ReplicaBatchRecord batch, CancellationToken cancellationToken)
    {
        var claim = BatchClaim.Of(batch);
        var results = await WriteUnderClaimAsync(update, batch, claim, cancellationToken).ConfigureAwait(false);
        if (results is null)
        {
            logger.LogWarning("{Claim}: the lease was lost while its folders were written; another claim redoes it, nothing is checkpointed here", claim);
            return null;
        }

        var failed = results.Where(r => !r.Succeeded).ToList();
        var retry = batch.Attempt < options.MaxAttempts ? failed.Select(r => r.Folder).ToList() : [];
        var givenUp = retry.Count > 0 ? [] : failed.Select(r => new ReplicaFolderFailure
        {
            UpdateId = update.Id, Folder = r.Folder, Attempts = batch.Attempt, Error = r.Error ?? "failed", RecordedAt = time.GetUtcNow(),
        }).ToList();
        if (failed.Count > 0)
        {
            logger.LogWarning("Replica-list update #{UpdateId} batch {Seq}: {Failed} folder(s) failed (attempt {Attempt} of {MaxAttempts}): {Error}",
                update.Id, batch.Seq, failed.Count, batch.Attempt, options.MaxAttempts, failed[0].Error);
        }

        var now = time.GetUtcNow();
        var checkpoint = new ReplicaCheckpoint(
            claim, worker.Id,
            results.Count(r => r.Succeeded), results.Count(r => r.Outcome == FolderWriteOutcome.Changed),
            retry, batch.Attempt + 1, now + options.BackoffFor(batch.Attempt), givenUp,
            now, ClaimNext: true, options.ClaimLease, ReplicaUpdateMoves.Kinds);
        var outcome = await store.CheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            logger.LogWarning("{Claim} was taken over by a newer claim; its checkpoint is not committed (its writes stand: they are idempotent)", claim);
            return null;
        }

        return outcome.Next;
    }

    /// <summary>
    /// Writes the batch's folders while the claim's heartbeat renews its lease; null when the lease was lost meanwhile
    /// (the writes are cancelled, and nothing may be checkpointed for them).
    /// </summary>
    private async Task<IReadOnlyList<FolderWriteResult>?> WriteUnderClaimAsync(
        ReplicaUpdateRecord update, ReplicaBatchRecord batch, BatchClaim claim, CancellationToken cancellationToken)
    {
        var names = batch.FolderNames;
        await using var heartbeat = ClaimHeartbeat.Start(store, claim, options.ClaimLease, time, logger);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.LeaseLost);
        try
        {
            var results = await folders.EnsureReplicaMovedAsync(update.ToServer, names, update.FromServer, update.ToServer, bounded.Token).ConfigureAwait(false);
            return heartbeat.Lost ? null : results;
        }
        catch (OperationCanceledException) when (heartbeat.Lost && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (EnvironmentException e) when (e.Transient)
        {
            // Nothing was written (the node is down…): every folder of the batch is retried like a failed folder.
            return heartbeat.Lost ? null : [.. names.Select(n => new FolderWriteResult(n, FolderWriteOutcome.Failed, e.Message))];
        }
    }
}
