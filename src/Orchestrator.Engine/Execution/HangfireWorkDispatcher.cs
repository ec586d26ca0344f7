using Hangfire;
using Orchestrator.Storage.Claims;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Engine.Execution;

/// <summary>Dispatches every kind of work as the one <see cref="WorkJob"/>, whose arguments are identities only.</summary>
public sealed class HangfireWorkDispatcher(
    IBackgroundJobClient jobs, IProcedureStore steps, IReplicaUpdateStore batches, WorkerIdentity worker, TimeProvider time) : IWorkDispatcher
{
    public string? LaunchMark => worker.Id;

    public async Task DispatchAsync(WorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);

        // Marked first, then enqueued: a worker of any runner may claim the work the moment the job is enqueued (LISTEN/NOTIFY
        // wakes it), and a claim skips a row another transaction holds — a mark still being written would make it do
        // nothing, and the mark would then hide the work from this sweeper for RedispatchAfter. A mark whose enqueue is
        // lost is a lost job, dispatched again after RedispatchAfter, as a launch's.
        var now = time.GetUtcNow();
        switch (item.Kind)
        {
            case WorkKinds.Step:
                await steps.MarkDispatchedAsync(item.OwnerId, item.Seq, worker.Id, now, cancellationToken).ConfigureAwait(false);
                break;
            case WorkKinds.ReplicaBatch:
                await batches.MarkBatchDispatchedAsync(item.OwnerId, item.Seq, worker.Id, now, cancellationToken).ConfigureAwait(false);
                break;
        }

        jobs.Enqueue<WorkJob>(j => j.RunAsync(item.Kind, item.OwnerId, item.Seq, CancellationToken.None));
    }

    public void EnqueueLaunched(long procedureId) => jobs.Enqueue<WorkJob>(j => j.RunAsync(WorkKinds.Step, procedureId, 1, CancellationToken.None));

    public Task ScheduleAsync(WorkItem item, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        jobs.Schedule<WorkJob>(j => j.RunAsync(item.Kind, item.OwnerId, item.Seq, CancellationToken.None), delay);

        // Not marked as dispatched: the row's not_before keeps it from running early, and once it is due the sweeper
        // dispatches it as well — whichever job comes first claims it, the other finds it taken. So a delayed job that
        // is late (a busy machine) or far off (a TimeProvider that jumps hours) delays nothing.
        return Task.CompletedTask;
    }
}
