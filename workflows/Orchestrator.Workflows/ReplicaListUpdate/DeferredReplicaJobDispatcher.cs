namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>In a process that runs no jobs: nothing is dispatched here; the runner's sweep picks the work up from the tables.</summary>
public sealed class DeferredReplicaJobDispatcher : IReplicaJobDispatcher
{
    public bool Dispatches => false;

    public void DispatchPlan(long updateId)
    {
    }

    public void DispatchBatch(long updateId, int seq)
    {
    }
}
