namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// Thrown inside an optimistic update's read phase once it has read more rows (a read answering none counted as one) than
/// <see cref="PostgresWorldStateStore.OptimisticReadLimit"/> (a seeding-size update): the try is dropped, nothing was
/// written, and the store runs the update on the lock-first path instead of checking every read at its commit.
/// </summary>
internal sealed class ReadLimitReached : Exception
{
    public ReadLimitReached()
        : base($"an optimistic world update read more than {PostgresWorldStateStore.OptimisticReadLimit} rows")
    {
    }
}
