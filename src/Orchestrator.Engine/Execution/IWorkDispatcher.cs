namespace Orchestrator.Engine.Execution;

/// <summary>
/// Hands committed work — a procedure step, a replica-list batch or plan — to the job queue. Always called after the
/// commit that made it due (durability contract, point 2). The one dispatcher of every kind of work.
/// </summary>
public interface IWorkDispatcher
{
    /// <summary>
    /// The worker a launch marks its first step as dispatched by, inside the create commit (see
    /// <see cref="Storage.Procedures.NewProcedure.DispatchedBy"/>); null when this dispatcher enqueues nothing (a process
    /// that only records requests: the runner process's sweeper dispatches instead).
    /// </summary>
    string? LaunchMark { get; }

    /// <summary>Enqueues the work and marks its row dispatched by this worker.</summary>
    Task DispatchAsync(WorkItem item, CancellationToken cancellationToken);

    /// <summary>Hands a launch's first step to the queue; its dispatch mark was committed with the procedure (no commit here).</summary>
    void EnqueueLaunched(long procedureId);

    /// <summary>Enqueues the work to run after <paramref name="delay"/>, unmarked: once it is due the sweeper dispatches it as well.</summary>
    Task ScheduleAsync(WorkItem item, TimeSpan delay, CancellationToken cancellationToken);
}
