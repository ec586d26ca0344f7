using System.Collections.Concurrent;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// How the updates of one <see cref="PostgresWorldStateStore"/> ended, counted since it was made (thread-safe): committed
/// on their optimistic try, tries refused because a read had changed (per table the changed read was of), and updates
/// that ran on the pessimistic path after <see cref="PostgresWorldStateStore.OptimisticTries"/> refused tries, or at
/// once because they read more than <see cref="PostgresWorldStateStore.OptimisticReadLimit"/> rows (large).
/// </summary>
public sealed class WorldUpdateOutcomes
{
    private readonly ConcurrentDictionary<string, long> conflicts = new(StringComparer.Ordinal);
    private long optimisticCommits;
    private long fallbacks;
    private long large;

    public long OptimisticCommits => Interlocked.Read(ref optimisticCommits);

    public long Fallbacks => Interlocked.Read(ref fallbacks);

    /// <summary>Updates that read more than <see cref="PostgresWorldStateStore.OptimisticReadLimit"/> rows and ran on the lock-first path without a conflict (not counted in <see cref="Fallbacks"/>).</summary>
    public long Large => Interlocked.Read(ref large);

    /// <summary>Refused optimistic tries, per table of the read that had changed.</summary>
    public IReadOnlyDictionary<string, long> ConflictsByTable => new Dictionary<string, long>(conflicts, StringComparer.Ordinal);

    public long Conflicts => conflicts.Values.Sum();

    public override string ToString() =>
        $"{OptimisticCommits} optimistic commit(s), {Conflicts} conflict(s)"
        + (conflicts.IsEmpty ? "" : $" ({string.Join(", ", conflicts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))})")
        + $", {Fallbacks} fallback(s) to the lock-first path, {Large} large update(s) lock-first at once";

    internal void Committed() => Interlocked.Increment(ref optimisticCommits);

    internal void Conflict(string table) => conflicts.AddOrUpdate(table, 1, (_, n) => n + 1);

    internal void FellBack() => Interlocked.Increment(ref fallbacks);

    internal void WentLockFirst() => Interlocked.Increment(ref large);
}
