using System.Collections.Concurrent;

namespace Orchestrator.Environment.World;

/// <summary>
/// The world file's in-process write gate: one FIFO lock per world file, taken before a write transaction opens its
/// connection and released when the connection closes (after COMMIT or ROLLBACK, also on an exception), so the world's
/// concurrent writers queue here instead of sleeping in SQLite's busy handler. The busy timeout still arbitrates
/// between processes. It is the world's copy of the product's <c>Orchestrator.Storage.Sqlite.SqliteWriteGate</c>
/// (this project may not reference Storage); it reads the same measurement switch,
/// <c>ORCHESTRATOR_SQLITE_WRITE_GATE=off</c>. World writes cannot nest: a mutation is a synchronous function, and the
/// public-folder writes read the world before they open their connection.
/// </summary>
internal static class WorldWriteGate
{
    private const string SwitchVariable = "ORCHESTRATOR_SQLITE_WRITE_GATE";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Waits (FIFO among waiters) for the gate of <paramref name="fullPath"/>; null when the switch turned the gate off.</summary>
    public static async Task<SemaphoreSlim?> EnterAsync(string fullPath, CancellationToken cancellationToken)
    {
        if (string.Equals(System.Environment.GetEnvironmentVariable(SwitchVariable), "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var gate = Gates.GetOrAdd(fullPath, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return gate;
    }
}
