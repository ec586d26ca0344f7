using Hangfire;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>Dispatches planning and batches as Hangfire jobs whose arguments are identities only.</summary>
public sealed class HangfireReplicaJobDispatcher(IBackgroundJobClient jobs) : IReplicaJobDispatcher
{
    public bool Dispatches => true;

    public void DispatchPlan(long updateId) => jobs.Enqueue<ReplicaPlanJob>(j => j.RunAsync(updateId, CancellationToken.None));

    public void DispatchBatch(long updateId, int seq) => jobs.Enqueue<ReplicaBatchJob>(j => j.RunAsync(updateId, seq, CancellationToken.None));
}
