namespace Orchestrator.Storage.Procedures;

/// <summary>
/// What the sweeper waits on between passes: its interval, or sooner, where the store can say so, work that another
/// process committed (PostgreSQL: a commit that makes a step ready NOTIFYs, and the runner LISTENs — issue 13 point 3).
/// Missing a signal only delays the work to the next pass.
/// </summary>
public interface IWorkSignal
{
    /// <summary>Completes after <paramref name="interval"/>, or sooner when work was signalled since the last wait.</summary>
    Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken);
}
