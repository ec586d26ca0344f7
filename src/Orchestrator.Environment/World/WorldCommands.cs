using Microsoft.Data.Sqlite;

namespace Orchestrator.Environment.World;

/// <summary>
/// The statements of the world's hot path (an effect's keyed reads and writes, the ledger, the faults) on one connection.
/// With a cache (the store's kept write connection) each SQL text gets one command, whose statements SQLite prepares
/// once and reuses on every later update; without one (a read's pooled connection) each call makes and disposes its
/// command. Prepared statements stay valid across other processes' writes (SQLite re-prepares a statement whose schema
/// changed); nothing read is cached here. Parameters are passed by name; <see cref="Prepared"/> counts the commands made.
/// </summary>
internal sealed class WorldCommands : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand>? cache;

    public WorldCommands(SqliteConnection connection, bool cached)
    {
        this.connection = connection;
        cache = cached ? new Dictionary<string, SqliteCommand>(StringComparer.Ordinal) : null;
    }

    /// <summary>The transaction the statements run in (the current update's or read's).</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Commands made so far (each one prepares its statements when it first runs).</summary>
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

    /// <summary>Every row, read by <paramref name="read"/>.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            var rows = new List<T>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return rows;
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
            Prepared++;
            cache?.Add(sql, command);
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private void Release(SqliteCommand command)
    {
        if (cache is null)
        {
            command.Dispose();
        }
    }
}
