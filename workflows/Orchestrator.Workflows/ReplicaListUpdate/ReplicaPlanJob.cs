using Hangfire;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The Hangfire job that lists an update's folders and commits its batches. Reentrant.</summary>
public sealed class ReplicaPlanJob(ReplicaUpdatePlanner planner)
{
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 4, 8, 16])]
    [JobDisplayName("replica-list update #{0}: plan")]
    public Task RunAsync(long updateId, CancellationToken cancellationToken) => planner.PlanAsync(updateId, cancellationToken);
}
