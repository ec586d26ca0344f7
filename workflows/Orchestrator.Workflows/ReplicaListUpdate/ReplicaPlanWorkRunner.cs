using Orchestrator.Engine.Execution;
using Orchestrator.Storage.Claims;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The replica-list planning's kind of work: a job lists an update's folders and commits its batches. Reentrant.</summary>
public sealed class ReplicaPlanWorkRunner(ReplicaUpdatePlanner planner) : IWorkRunner
{
    public string Kind => WorkKinds.ReplicaPlan;

    public Task RunAsync(long ownerId, int seq, CancellationToken cancellationToken) => planner.PlanAsync(ownerId, cancellationToken);
}
