using Npgsql;

namespace Orchestrator.Environment.PostgreSql;

/// <summary>
/// One update's (or read's) connection and transaction to the world's schema, with the few synchronous calls the
/// world's rows, ledger and faults make inside a mutation: execute, query, scalar. Statements run are counted.
/// </summary>
internal sealed class PostgresWorldCommands(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    /// <summary>Statements run so far.</summary>
    public int Ran { get; private set; }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
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
