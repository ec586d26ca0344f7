using Npgsql;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// One update's (or read's) connection and transaction to the world's schema, with the few synchronous calls the
/// world's rows, ledger and faults make inside a mutation: execute, query, scalar. Statements run are counted. With a
/// <see cref="PostgresReadSet"/> (an optimistic update's read phase) a read also answers the digest of its rows in the
/// same round trip and is recorded with the keys that protect its answer, and a write is only recorded, with the keys
/// it changes, for the commit's batch; a read that takes the rows read past
/// <see cref="PostgresWorldStateStore.OptimisticReadLimit"/> throws <see cref="ReadLimitReached"/>. The ledger's
/// statements (<see cref="IWorldStatements"/>, without keys) get theirs from the effect's identity.
/// </summary>
internal sealed class PostgresWorldCommands(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresReadSet? readSet = null) : IWorldStatements
{
    private const string Effects = "world_effects";

    /// <summary>Statements run so far.</summary>
    public int Ran { get; private set; }

    /// <summary>True when writes are deferred to an optimistic commit (see <see cref="PostgresReadSet"/>).</summary>
    public bool Optimistic => readSet is not null;

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Execute(LedgerLocks(sql, parameters, exclusive: true), sql, parameters);

    /// <summary>Runs a write (optimistic: records it) that changes what <paramref name="locks"/> protect.</summary>
    public int Execute(IReadOnlyList<WorldLockKey> locks, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (readSet is not null)
        {
            readSet.Write(sql, parameters.ToArray(), locks);
            return 0;
        }

        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Scalar(LedgerLocks(sql, parameters, exclusive: false), sql, parameters);

    /// <summary>The first column of the first row (null for none or NULL), a read protected by <paramref name="locks"/>.</summary>
    public object? Scalar(IReadOnlyList<WorldLockKey> locks, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (readSet is not null)
        {
            return Query(null, _ => locks, sql, r => r.IsDBNull(0) ? null : r.GetValue(0), parameters).FirstOrDefault();
        }

        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// A query; in an optimistic update its read is checked at commit only when <paramref name="checkedWhen"/> (null:
    /// always) then says so, under the keys <paramref name="locks"/> gives for the rows it answered.
    /// </summary>
    public List<T> Query<T>(
        Func<bool>? checkedWhen,
        Func<List<T>, IReadOnlyList<WorldLockKey>> locks,
        string sql,
        Func<NpgsqlDataReader, T> read,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (readSet is not null)
        {
            return RecordedQuery(checkedWhen, locks, sql, read, parameters);
        }

        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private List<T> RecordedQuery<T>(
        Func<bool>? checkedWhen,
        Func<List<T>, IReadOnlyList<WorldLockKey>> locks,
        string sql,
        Func<NpgsqlDataReader, T> read,
        ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Ran++;
        using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(PostgresReadSet.Command(sql, parameters));
        batch.BatchCommands.Add(PostgresReadSet.Command(PostgresReadSet.DigestSql(sql), parameters));
        using var reader = batch.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        reader.NextResult();
        reader.Read();
        readSet!.Read(sql, parameters.ToArray(), reader.GetString(0), rows.Count, checkedWhen, locks(rows));
        if (readSet.RowsChecked > PostgresWorldStateStore.OptimisticReadLimit)
        {
            throw new ReadLimitReached();
        }

        return rows;
    }

    /// <summary>
    /// The keys of a ledger statement (<see cref="DatabaseEffectLedger"/>): the effect's identity, shared for its lookup,
    /// exclusive for its insert or raise; none for the trim, which skips rows other commits hold. Outside an optimistic
    /// update none are needed; inside one, a statement that is not the ledger's must say its keys.
    /// </summary>
    private IReadOnlyList<WorldLockKey> LedgerLocks(string sql, ReadOnlySpan<(string Name, object? Value)> parameters, bool exclusive)
    {
        if (readSet is null || string.Equals(sql, PostgresEffectLedger.TrimSql, StringComparison.Ordinal))
        {
            return [];
        }

        if (!string.Equals(sql, DatabaseEffectLedger.AcceptedTokenSql, StringComparison.Ordinal)
            && !string.Equals(sql, DatabaseEffectLedger.AcceptSql, StringComparison.Ordinal)
            && !string.Equals(sql, PostgresEffectLedger.InsertSql, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"an optimistic world statement without lock keys: {sql}");
        }

        var identity = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            identity[name.TrimStart('@')] = value;
        }

        var key = string.Join(
            '/',
            new[] { "ProcedureId", "Step", "Generation", "Kind", "Node", "Target" }.Select(n => Convert.ToString(identity[n], System.Globalization.CultureInfo.InvariantCulture)));
        return [WorldLockKey.Row(Effects, "", key, exclusive)];
    }

    private NpgsqlCommand Command(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Ran++;
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value ?? DBNull.Value);
        }

        return command;
    }
}
