namespace Orchestrator.Engine.Execution;

/// <summary>Runs the jobs of one kind of work (<see cref="Storage.Claims.WorkKinds"/>): claims the row first and does nothing if it is not runnable.</summary>
public interface IWorkRunner
{
    string Kind { get; }

    Task RunAsync(long ownerId, int seq, CancellationToken cancellationToken);
}
