using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// One in-process FIFO lock per SQLite file, taken by every write before it opens its connection and released when the
/// connection closes (after COMMIT or ROLLBACK, also on an exception). Writers of one process queue here instead of
/// sleeping in SQLite's busy handler, which backs off 1, 2, 5, ... 100 ms and is unfair: with many concurrent writers
/// some slept 100 ms and more while the lock was free. The busy timeout still arbitrates between processes (a CLI
/// command beside <c>serve</c>). A write that asks for the gate of a file its own flow already holds would wait for
/// itself; it is refused with <see cref="InvalidOperationException"/> instead. <c>ORCHESTRATOR_SQLITE_WRITE_GATE=off</c>
/// turns the gate off for measurement only (the benchmark compares the two).
/// </summary>
public static class SqliteWriteGate
{
    /// <summary>The environment variable that turns the gate off (value <c>off</c>); a measurement switch only.</summary>
    public const string SwitchVariable = "ORCHESTRATOR_SQLITE_WRITE_GATE";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly AsyncLocal<ImmutableList<SqliteWriteLease>?> Held = new();

    /// <summary>False when <see cref="SwitchVariable"/> is <c>off</c> (read at each entry, so a benchmark can alternate).</summary>
    public static bool Enabled =>
        !string.Equals(System.Environment.GetEnvironmentVariable(SwitchVariable), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Waits (FIFO among waiters) for the gate of <paramref name="fullPath"/>; dispose the lease to release it. Not an
    /// async method on purpose: the lease is recorded in the caller's execution context, so a write the caller starts
    /// while it holds the gate is seen.
    /// </summary>
    public static Task<SqliteWriteLease> EnterAsync(string fullPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullPath);
        if (!Enabled)
        {
            return Task.FromResult(SqliteWriteLease.None);
        }

        var held = Held.Value ?? [];
        if (held.Exists(l => !l.IsReleased && string.Equals(l.FullPath, fullPath, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"a write to {fullPath} was started while this flow already holds the write gate of that file; it would wait for itself (finish the first write before starting another)");
        }

        var lease = new SqliteWriteLease(Gates.GetOrAdd(fullPath, static _ => new SemaphoreSlim(1, 1)), fullPath);
        Held.Value = held.RemoveAll(l => l.IsReleased).Add(lease);
        return lease.AcquireAsync(cancellationToken);
    }
}
