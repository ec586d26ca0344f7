using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : IObservationMark
{
    /// <summary>
    /// The world in its SQLite file: a mark that moves with every commit to the file, by this process or another
    /// (<see cref="SqliteWorldChangeMark"/>); a store with a mark of its own (<see cref="IWorldChangeMark"/>: the
    /// PostgreSQL world's version) gives that. Every probe and read of the world answers from the stored rows alone (and,
    /// for a starting service, the clock). Any other store (in memory: benchmarks, unit tests) cannot tell: null.
    /// </summary>
    public Task<long?> ObservationMarkAsync(CancellationToken cancellationToken) => store switch
    {
        SqliteWorldStateStore sqlite => sqlite.ChangeMark.ReadAsync(cancellationToken),
        IWorldChangeMark other => other.ChangeMarkAsync(cancellationToken),
        _ => Task.FromResult<long?>(null),
    };
}
