namespace Orchestrator.Storage.Leadership;

/// <summary>
/// Issue 13: the health monitor's counters in the database, so a new leader resumes them instead of starting from zero.
/// Written only when a counter changes (an idle round writes nothing), as a leader's decision: fenced by its epoch.
/// </summary>
public interface IMonitorCounterStore
{
    /// <summary>Every stored counter.</summary>
    Task<IReadOnlyList<MonitorCounter>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the changed counters in one transaction (a counter with neither value is deleted).</summary>
    /// <exception cref="StaleLeaderException">the current <see cref="LeaderFence"/>'s term is no longer the stored, live one.</exception>
    Task SaveAsync(IReadOnlyList<MonitorCounter> changes, CancellationToken cancellationToken);
}
