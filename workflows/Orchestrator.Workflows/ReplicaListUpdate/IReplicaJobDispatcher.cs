namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>Hands replica-list work to the job queue, after the commit that made it due.</summary>
public interface IReplicaJobDispatcher
{
    /// <summary>False in a process that only records requests: the runner process's sweep dispatches instead.</summary>
    bool Dispatches { get; }

    void DispatchPlan(long updateId);

    void DispatchBatch(long updateId, int seq);
}
