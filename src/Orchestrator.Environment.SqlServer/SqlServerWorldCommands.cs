using Microsoft.Data.SqlClient;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.SqlServer;

/// <summary>
/// One update's (or read's) connection and transaction to the world's schema, with the few synchronous calls the
/// world's rows, ledger and faults make inside a mutation: execute, query, scalar. Statements run are counted.
/// </summary>
internal sealed class SqlServerWorldCommands(SqlConnection connection, SqlTransaction transaction) : IWorldStatements
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

    public List<T> Query<T>(string sql, Func<SqlDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
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

    private SqlCommand Command(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Ran++;
        var command = new SqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.StartsWith('@') ? name : "@" + name, value ?? DBNull.Value);
        }

        return command;
    }
}
