using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : IObservationMark
{
    /// <summary>
    /// The world in its SQLite file: a mark that moves with every commit to the file, by this process or another
    /// (<see cref="SqliteWorldChangeMark"/>); every probe and read of the world answers from the file's rows alone (and,
    /// for a starting service, the clock). Any other store (in memory: benchmarks, unit tests) cannot tell: null.
    /// </summary>
    public Task<long?> ObservationMarkAsync(CancellationToken cancellationToken)
    {
        if (store is not SqliteWorldStateStore sqlite)
        {
            return Task.FromResult<long?>(null);
        }

        return sqlite.ChangeMark.ReadAsync(cancellationToken);
    }
}
