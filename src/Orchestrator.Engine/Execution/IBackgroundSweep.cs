namespace Orchestrator.Engine.Execution;

/// <summary>
/// What a kind of work needs of the sweeper beside dispatching its due rows (e.g. a replica-list update's planning,
/// superseding and completion): run by <see cref="WorkSweeper"/> at every pass. There is no start-up recovery: lease
/// expiry is the recovery.
/// </summary>
public interface IBackgroundSweep
{
    Task SweepAsync(CancellationToken cancellationToken);
}
