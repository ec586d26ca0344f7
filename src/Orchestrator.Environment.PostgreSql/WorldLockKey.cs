namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// One key an optimistic world commit locks (db/postgres/0010, <c>world.lock_keys</c>): shared for what the update read,
/// exclusive for what it writes. The text names a table, a scope and a part (a row's key, an index value, the whole
/// scope), folded to lower case by the server before it is hashed, as the tables compare names.
/// </summary>
internal readonly record struct WorldLockKey(string Text, bool Exclusive)
{
    private const char Separator = '\u001f';

    /// <summary>One row (present or not) by its key.</summary>
    public static WorldLockKey Row(string table, string scope, string key, bool exclusive) => new($"{table}{Separator}{scope}{Separator}r{key}", exclusive);

    /// <summary>The set of a scope's rows (which keys exist): read by a scan, changed by an insert or a delete.</summary>
    public static WorldLockKey Scope(string table, string scope, bool exclusive) => new($"{table}{Separator}{scope}{Separator}*", exclusive);

    /// <summary>The keys of a scope's rows whose indexed column is <paramref name="value"/>.</summary>
    public static WorldLockKey Index(string table, string scope, string value, bool exclusive) => new($"{table}{Separator}{scope}{Separator}i{value}", exclusive);
}
