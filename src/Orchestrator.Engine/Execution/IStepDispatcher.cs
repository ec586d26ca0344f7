namespace Orchestrator.Engine.Execution;

/// <summary>Hands a committed step to the job queue. Always called after the commit (durability contract, point 2).</summary>
public interface IStepDispatcher
{
    Task DispatchAsync(long procedureId, int seq, CancellationToken cancellationToken);

    /// <summary>
    /// The worker a launch marks its first step as dispatched by, inside the create commit (see
    /// <see cref="Storage.Procedures.NewProcedure.DispatchedBy"/>); null when this dispatcher enqueues nothing.
    /// </summary>
    string? LaunchMark { get; }

    /// <summary>Hands a launch's first step to the queue; its dispatch mark was committed with the procedure (no commit here).</summary>
    void EnqueueLaunched(long procedureId);

    Task ScheduleAsync(long procedureId, int seq, TimeSpan delay, CancellationToken cancellationToken);
}
