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

    public async Task ScheduleAsync(long procedureId, int seq, TimeSpan delay, CancellationToken cancellationToken)
    {
        jobs.Schedule<StepJob>(j => j.RunAsync(procedureId, seq, CancellationToken.None), delay);
        await store.MarkDispatchedAsync(procedureId, seq, worker.Id, time.GetUtcNow() + delay, cancellationToken).ConfigureAwait(false);
    }
}
