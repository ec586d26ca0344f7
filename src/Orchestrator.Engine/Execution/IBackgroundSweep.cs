namespace Orchestrator.Engine.Execution;

/// <summary>
/// Background work a runner process keeps moving from the tables beside the procedures' steps (e.g. replica-list
/// batches): recovered once at start-up, while holding the runner lock, then swept periodically.
/// </summary>
public interface IBackgroundSweep
{
    Task RecoverAsync(CancellationToken cancellationToken);

    Task SweepAsync(CancellationToken cancellationToken);
}
