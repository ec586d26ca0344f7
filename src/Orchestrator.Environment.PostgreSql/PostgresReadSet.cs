using System.Text.RegularExpressions;
using Npgsql;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// What an optimistic world update read and what it will write. Each read is the query the update ran (a row by key,
/// an indexed lookup, a hierarchy's members, the ledger's row, the faults...) with its parameters, the digest of the
/// rows it answered in the update's snapshot (<see cref="DigestSql"/>: so a row that was missing, or a lookup that
/// gains or loses a row, is seen too) and the keys that protect its answer (<see cref="WorldLockKey"/>); the writes are
/// deferred statements, each with the keys it changes. <see cref="CommitBatch"/> makes the commit: take the keys'
/// advisory locks (<c>world.lock_keys</c>, db/postgres/0010: shared for reads, exclusive for writes, in one sorted
/// order), raise this backend's change mark, check every read still answers the same (<c>world.expect_unchanged</c>,
/// db/postgres/0007), then write, all in one batch.
/// </summary>
internal sealed partial class PostgresReadSet
{
    /// <summary>The SQLSTATE of <c>world.expect_unchanged</c>: a read of the update changed before its commit.</summary>
    public const string Changed = "OR002";

    /// <summary>Raises this backend's row of the world's change mark (db/postgres/0010): every committed update runs it in its transaction.</summary>
    public const string MarkSql =
        """
        INSERT INTO world.world_marks AS m (backend, version) VALUES (pg_backend_pid(), 1)
        ON CONFLICT (backend) DO UPDATE SET version = m.version + 1;
        """;

    private const string LockSql = "SELECT world.lock_keys(@keys, @exclusive);";

    private readonly List<Statement> reads = [];
    private readonly List<Statement> writes = [];

    /// <summary>Reads recorded so far.</summary>
    public int Reads => reads.Count;

    /// <summary>Rows the reads answered so far, a read that answered none counted as one: what the commit checks again.</summary>
    public int RowsChecked { get; private set; }

    /// <summary>Writes deferred so far.</summary>
    public int Writes => writes.Count;

    /// <summary>The digest of the rows <paramref name="sql"/> (one query, without its own digest) answers: md5 of the rows' text, sorted.</summary>
    public static string DigestSql(string sql) =>
        $"SELECT md5(COALESCE(string_agg(r::text, chr(30) ORDER BY r::text), '')) FROM ({Bare(sql)}) AS r";

    /// <summary>
    /// Records a read, the digest and the number of rows it answered, and the keys that protect its answer;
    /// <paramref name="checkedWhen"/> (null: always) says at commit whether its value mattered (a read not checked takes no lock).
    /// </summary>
    public void Read(string sql, (string Name, object? Value)[] parameters, string digest, int rows, Func<bool>? checkedWhen, IReadOnlyList<WorldLockKey> locks)
    {
        reads.Add(new Statement(sql, parameters, digest, checkedWhen, locks));
        RowsChecked += Math.Max(1, rows);
    }

    /// <summary>Records a write and the keys it changes.</summary>
    public void Write(string sql, (string Name, object? Value)[] parameters, IReadOnlyList<WorldLockKey> locks) =>
        writes.Add(new Statement(sql, parameters, null, null, locks));

    /// <summary>
    /// The commit, one batch without an explicit transaction (Npgsql sends it as one implicit transaction: the first
    /// error ends it and nothing is changed): the keys' locks, the change mark, the checks of the reads, the writes. The
    /// locks are held only while the server runs the batch: no round trip to the client happens in between.
    /// </summary>
    public NpgsqlBatch CommitBatch(NpgsqlConnection connection)
    {
        var batch = new NpgsqlBatch(connection);
        var checkedReads = reads.Where(r => r.CheckedWhen?.Invoke() ?? true).ToList();
        var locks = checkedReads.Concat(writes).SelectMany(s => s.Locks).ToList();
        var take = new NpgsqlBatchCommand(LockSql);
        take.Parameters.AddWithValue("keys", locks.Select(l => l.Text).ToArray());
        take.Parameters.AddWithValue("exclusive", locks.Select(l => l.Exclusive).ToArray());
        batch.BatchCommands.Add(take);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Bare(MarkSql)));
        foreach (var read in checkedReads)
        {
            var check = Command($"SELECT world.expect_unchanged(({DigestSql(read.Sql)}), @read_digest, @read_name)", read.Parameters);
            check.Parameters.AddWithValue("read_digest", read.Digest!);
            check.Parameters.AddWithValue("read_name", TableOf(read.Sql));
            batch.BatchCommands.Add(check);
        }

        foreach (var write in writes)
        {
            batch.BatchCommands.Add(Command(write.Sql, write.Parameters));
        }

        return batch;
    }

    /// <summary>Rows the batch's writes changed (after it ran).</summary>
    public static int RowsWritten(NpgsqlBatch batch, int writes) =>
        Enumerable.Range(batch.BatchCommands.Count - writes, writes).Sum(i => (int)Math.Max(0, batch.BatchCommands[i].RecordsAffected));

    public static NpgsqlBatchCommand Command(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlBatchCommand(Bare(sql));
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>The first world table a statement names (the table a conflict is counted on).</summary>
    private static string TableOf(string sql) => WorldTable().Match(sql) is { Success: true } m ? m.Groups[1].Value : "world";

    private static string Bare(string sql) => sql.TrimEnd().TrimEnd(';');

    [GeneratedRegex(@"world\.(\w+)")]
    private static partial Regex WorldTable();

    private sealed record Statement(string Sql, (string Name, object? Value)[] Parameters, string? Digest, Func<bool>? CheckedWhen, IReadOnlyList<WorldLockKey> Locks);
}
