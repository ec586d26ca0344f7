namespace Orchestrator.Engine.Execution;

/// <summary>
/// Used by a process that runs no job server (a CLI command while `serve` runs elsewhere): the step stays
/// committed and undispatched, and the sweeper of the process that holds the runner lock dispatches it.
/// </summary>
public sealed class DeferredStepDispatcher : IStepDispatcher
{
    public Task DispatchAsync(long procedureId, int seq, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Null: a launch leaves its first step unmarked, for the sweeper of the process that runs the jobs.</summary>
    public string? LaunchMark => null;

    public void EnqueueLaunched(long procedureId)
    {
    }

    public Task ScheduleAsync(long procedureId, int seq, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
}
