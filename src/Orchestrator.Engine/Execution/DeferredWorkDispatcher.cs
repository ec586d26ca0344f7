namespace Orchestrator.Engine.Execution;

/// <summary>
/// Used by a process that runs no job server (a CLI command while `serve` runs elsewhere): the work stays committed
/// and undispatched, and the sweeper of the process that holds the runner lock dispatches it.
/// </summary>
public sealed class DeferredWorkDispatcher : IWorkDispatcher
{
    /// <summary>Null: a launch leaves its first step unmarked, for the sweeper of the process that runs the jobs.</summary>
    public string? LaunchMark => null;

    public Task DispatchAsync(WorkItem item, CancellationToken cancellationToken) => Task.CompletedTask;

    public void EnqueueLaunched(long procedureId)
    {
    }

    public Task ScheduleAsync(WorkItem item, TimeSpan delay, CancellationToken cancellationToken) => Task.CompletedTask;
}
