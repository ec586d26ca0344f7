using Hangfire;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>
/// The Hangfire job of one batch of folders (and of the batches it claims after it). Reentrant: it claims the batch
/// first and does nothing when the batch is not runnable. Infrastructure failures are retried by Hangfire.
/// </summary>
public sealed class ReplicaBatchJob(ReplicaBatchRunner runner)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 4, 8, 16])]
    [JobDisplayName("replica-list update #{0}: batch {1}")]
    public Task RunAsync(long updateId, int seq, CancellationToken cancellationToken) => runner.RunAsync(updateId, seq, cancellationToken);
}
