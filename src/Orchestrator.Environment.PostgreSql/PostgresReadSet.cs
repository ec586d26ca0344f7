using System.Text.RegularExpressions;
using Npgsql;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// What an optimistic world update read and what it will write. Each read is the query the update ran (a row by key,
/// an indexed lookup, a hierarchy's members, the ledger's row, the faults...) with its parameters and the digest of the
/// rows it answered in the update's snapshot (<see cref="DigestSql"/>: so a row that was missing, or a lookup that
/// gains or loses a row, is seen too); the writes are deferred statements. <see cref="CommitBatch"/> makes the commit:
/// take the world's lock row, check every read still answers the same (<c>world.expect_unchanged</c>, db/postgres/0007),
/// then write, all in one batch.
/// </summary>
internal sealed partial class PostgresReadSet
{
    /// <summary>The SQLSTATE of <c>world.expect_unchanged</c>: a read of the update changed before its commit.</summary>
    public const string Changed = "OR002";

    /// <summary>The name <c>world.expect_unchanged</c> raises under when the world's lock row is missing.</summary>
    public const string LockRow = "world_lock";

    private const string LockSql =
        $"""
        WITH taken AS (UPDATE world.world_lock SET version = version + 1 WHERE id = 1 RETURNING 1)
        SELECT world.expect_unchanged((SELECT count(*) FROM taken)::text, '1', '{LockRow}');
        """;

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

    /// <summary>Records a read, the digest and the number of rows it answered; <paramref name="checkedWhen"/> (null: always) says at commit whether its value mattered.</summary>
    public void Read(string sql, (string Name, object? Value)[] parameters, string digest, int rows, Func<bool>? checkedWhen)
    {
        reads.Add(new Statement(sql, parameters, digest, checkedWhen));
        RowsChecked += Math.Max(1, rows);
    }

    public void Write(string sql, (string Name, object? Value)[] parameters) => writes.Add(new Statement(sql, parameters, null, null));

    /// <summary>
    /// The commit, one batch without an explicit transaction (Npgsql sends it as one implicit transaction: the first
    /// error ends it and nothing is changed): the lock row, the checks of the reads, the writes. The lock is held only
    /// while the server runs the batch: no round trip to the client happens in between.
    /// </summary>
    public NpgsqlBatch CommitBatch(NpgsqlConnection connection)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(LockSql));
        foreach (var read in reads.Where(r => r.CheckedWhen?.Invoke() ?? true))
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

    private sealed record Statement(string Sql, (string Name, object? Value)[] Parameters, string? Digest, Func<bool>? CheckedWhen);
}
