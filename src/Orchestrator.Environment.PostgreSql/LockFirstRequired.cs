namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// Thrown inside an optimistic update's read phase when its writes cannot be told by keys (a node made anew, or removed,
/// whose services and shares are replaced as a whole scope): the try is dropped, nothing was written, and the store runs
/// the update on the lock-first path instead. Seeding makes such writes, effects do not.
/// </summary>
internal sealed class LockFirstRequired : Exception
{
    public LockFirstRequired()
        : base("an optimistic world update replaces a whole scope of rows")
    {
    }
}
