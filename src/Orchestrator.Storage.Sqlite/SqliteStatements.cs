using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// The statements of the step commit's hot path on one connection. With a cache (a store's kept write connection,
/// <see cref="SqliteKeptWriter"/>) each SQL text gets one command, which SQLite prepares once and reuses, its
/// parameters rebound on every later call; without one (a pooled connection) each call makes and disposes its command.
/// Prepared statements stay valid across other processes' writes (SQLite re-prepares a statement whose schema
/// changed); nothing read is cached here. Rows are mapped by Dapper's row parser, as the stores' queries are.
/// </summary>
internal sealed class SqliteStatements : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand>? cache;

    public SqliteStatements(SqliteConnection connection, bool cached)
    {
        this.connection = connection;
        cache = cached ? new Dictionary<string, SqliteCommand>(StringComparer.Ordinal) : null;
    }

    /// <summary>The transaction the statements run in (null: each statement commits on its own).</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Commands made so far (each one prepares its statement when it first runs).</summary>
    public int Prepared { get; private set; }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>The first column of the first row (null when there is no row or it holds NULL).</summary>
    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>The one row the statement returns, mapped to <typeparamref name="T"/>, or null; more than one row is an error.</summary>
    public T? SingleOrDefault<T>(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        where T : class
    {
        var command = Command(sql, parameters);
        try
        {
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var row = reader.GetRowParser<T>()(reader);
            return reader.Read() ? throw new InvalidOperationException("the statement returned more than one row") : row;
        }
        finally
        {
            Release(command);
        }
    }

    public void Dispose()
    {
        if (cache is null)
        {
            return;
        }

        foreach (var command in cache.Values)
        {
            command.Dispose();
        }

        cache.Clear();
    }

    private SqliteCommand Command(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (cache is null || !cache.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            Prepared++;
            cache?.Add(sql, command);
        }

        // A call site passes the same names in the same order every time: only the values are bound anew.
        command.Transaction = Transaction;
        var bound = command.Parameters;
        if (bound.Count != parameters.Length)
        {
            throw new InvalidOperationException($"a statement was called with {parameters.Length} parameters, {bound.Count} the first time");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = bound[i];
            if (!string.Equals(parameter.ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"a statement was called with parameter {parameters[i].Name} where it had {parameter.ParameterName}");
            }

            parameter.Value = parameters[i].Value ?? DBNull.Value;
        }

        return command;
    }

    private void Release(DbCommand command)
    {
        if (cache is null)
        {
            command.Dispose();
        }
    }
}
