using Hangfire;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Engine.Execution;

/// <summary>Dispatches steps as Hangfire jobs whose arguments are identities only.</summary>
public sealed class HangfireStepDispatcher(IBackgroundJobClient jobs, IProcedureStore store, WorkerIdentity worker, TimeProvider time) : IStepDispatcher
{
    public async Task DispatchAsync(long procedureId, int seq, CancellationToken cancellationToken)
    {
        jobs.Enqueue<StepJob>(j => j.RunAsync(procedureId, seq, CancellationToken.None));
        await store.MarkDispatchedAsync(procedureId, seq, worker.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public string? LaunchMark => worker.Id;

    public void EnqueueLaunched(long procedureId) => jobs.Enqueue<StepJob>(j => j.RunAsync(procedureId, 1, CancellationToken.None));

    public Task ScheduleAsync(long procedureId, int seq, TimeSpan delay, CancellationToken cancellationToken)
    {
        jobs.Schedule<StepJob>(j => j.RunAsync(procedureId, seq, CancellationToken.None), delay);

        // Not marked as dispatched: the step's not_before keeps it from running early, and once it is due the sweeper
        // dispatches it as well — whichever job comes first claims it, the other finds it taken. So a delayed job that
        // is late (a busy machine) or far off (a TimeProvider that jumps hours) delays nothing.
        return Task.CompletedTask;
    }
}
