using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Execution;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// Runs batches: claim, write the folders (ensure the new server present and the old one absent), then commit the
/// checkpoint — counts, folders to retry later, folders given up on — with the claim of the next batch, and go on
/// with it. A crash loses at most the batch in flight, and redoing it writes nothing wrong.
/// </summary>
public sealed class ReplicaBatchRunner(
    IReplicaUpdateStore store,
    IPublicFolderControl folders,
    ReplicaUpdateScheduler scheduler,
    WorkerIdentity worker,
    EngineOptions options,
    TimeProvider time,
    ILogger<ReplicaBatchRunner> logger)
{
    private readonly ConcurrentDictionary<(long, int), byte> _executing = new();

    public async Task RunAsync(long updateId, int seq, CancellationToken cancellationToken)
    {
        if (!_executing.TryAdd((updateId, seq), 0))
        {
            return;
        }

        var current = seq; // the batch this job holds in _executing: it changes along the chain
        try
        {
            var batch = await store.TryClaimBatchAsync(updateId, seq, worker.Id, time.GetUtcNow(), options.ClaimLease, ReplicaUpdateMoves.Kinds, cancellationToken).ConfigureAwait(false);
            var update = batch is null ? null : await store.GetAsync(updateId, cancellationToken).ConfigureAwait(false);
            while (batch is not null && update is not null)
            {
                batch = await RunClaimedAsync(update, batch, cancellationToken).ConfigureAwait(false);
                current = batch?.Seq ?? current;
            }
        }
        finally
        {
            _executing.TryRemove((updateId, current), out _);
        }

        await scheduler.KickAsync(updateId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one claimed batch; returns the next batch when this worker claimed it with the checkpoint.</summary>
    private async Task<ReplicaBatchRecord?> RunClaimedAsync(ReplicaUpdateRecord update, ReplicaBatchRecord batch, CancellationToken cancellationToken)
    {
        var names = batch.FolderNames;
        IReadOnlyList<FolderWriteResult> results;
        try
        {
            results = await folders.EnsureReplicaMovedAsync(update.ToServer, names, update.FromServer, update.ToServer, cancellationToken).ConfigureAwait(false);
        }
        catch (EnvironmentException e) when (e.Transient)
        {
            // Nothing was written (the node is down…): every folder of the batch is retried like a failed folder.
            results = [.. names.Select(n => new FolderWriteResult(n, FolderWriteOutcome.Failed, e.Message))];
        }
        catch
        {
            await store.ReleaseBatchAsync(update.Id, batch.Seq, worker.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
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
            update.Id, batch.Seq, worker.Id,
            results.Count(r => r.Succeeded), results.Count(r => r.Outcome == FolderWriteOutcome.Changed),
            retry, batch.Attempt + 1, now + options.BackoffFor(batch.Attempt), givenUp,
            now, ClaimNext: true, options.ClaimLease, ReplicaUpdateMoves.Kinds);
        var outcome = await store.CheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (!outcome.Committed)
        {
            logger.LogWarning("Replica-list update #{UpdateId} batch {Seq} was taken over by another worker; its writes stand (they are idempotent)", update.Id, batch.Seq);
            return null;
        }

        if (outcome.Next is not { } next)
        {
            return null;
        }

        if (!_executing.TryAdd((update.Id, next.Seq), 0))
        {
            await store.ReleaseBatchAsync(update.Id, next.Seq, worker.Id, CancellationToken.None).ConfigureAwait(false);
            return null;
        }

        _executing.TryRemove((update.Id, batch.Seq), out _);
        return next;
    }
}
