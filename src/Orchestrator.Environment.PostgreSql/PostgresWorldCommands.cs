using Npgsql;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// One update's (or read's) connection and transaction to the world's schema, with the few synchronous calls the
/// world's rows, ledger and faults make inside a mutation: execute, query, scalar. Statements run are counted. With a
/// <see cref="PostgresReadSet"/> (an optimistic update's read phase) a read also answers the digest of its rows in the
/// same round trip and is recorded, and a write is only recorded, for the commit's batch; a read that takes the rows
/// read past <see cref="PostgresWorldStateStore.OptimisticReadLimit"/> throws <see cref="ReadLimitReached"/>.
/// </summary>
internal sealed class PostgresWorldCommands(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresReadSet? readSet = null) : IWorldStatements
{
    /// <summary>Statements run so far.</summary>
    public int Ran { get; private set; }

    /// <summary>True when writes are deferred to an optimistic commit (see <see cref="PostgresReadSet"/>).</summary>
    public bool Optimistic => readSet is not null;

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (readSet is not null)
        {
            readSet.Write(sql, parameters.ToArray());
            return 0;
        }

        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (readSet is not null)
        {
            return Query(null, sql, r => r.IsDBNull(0) ? null : r.GetValue(0), parameters).FirstOrDefault();
        }

        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Query(null, sql, read, parameters);

    /// <summary>A query; in an optimistic update its read is checked at commit only when <paramref name="checkedWhen"/> (null: always) then says so.</summary>
    public List<T> Query<T>(Func<bool>? checkedWhen, string sql, Func<NpgsqlDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (readSet is not null)
        {
            return RecordedQuery(checkedWhen, sql, read, parameters);
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

    private List<T> RecordedQuery<T>(Func<bool>? checkedWhen, string sql, Func<NpgsqlDataReader, T> read, ReadOnlySpan<(string Name, object? Value)> parameters)
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
        readSet!.Read(sql, parameters.ToArray(), reader.GetString(0), rows.Count, checkedWhen);
        if (readSet.RowsChecked > PostgresWorldStateStore.OptimisticReadLimit)
        {
            throw new ReadLimitReached();
        }

        return rows;
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
