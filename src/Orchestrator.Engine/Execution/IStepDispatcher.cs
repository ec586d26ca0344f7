namespace Orchestrator.Engine.Execution;

/// <summary>Hands a committed step to the job queue. Always called after the commit (durability contract, point 2).</summary>
public interface IStepDispatcher
{
    Task DispatchAsync(long procedureId, int seq, CancellationToken cancellationToken);

    Task ScheduleAsync(long procedureId, int seq, TimeSpan delay, CancellationToken cancellationToken);
}
