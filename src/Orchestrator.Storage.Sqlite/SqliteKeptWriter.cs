using Microsoft.Data.Sqlite;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// One write connection a store keeps open for its hot writes (the step commit and claim), with their prepared statements
/// (<see cref="SqliteStatements"/>), used only while the file's <see cref="SqliteWriteGate"/> is held — the design of the
/// simulated world's WorldFile. The connection is opened on first use and dropped after any failure (the next write opens
/// another). It caches statements, never data: another process's writes are read as before. With the gate switched off
/// (a measurement switch) concurrent writers may not share a connection, so each write takes a pooled one and prepares
/// its statements anew.
/// </summary>
internal sealed class SqliteKeptWriter(SqliteConnectionFactory factory) : IDisposable
{
    /// <summary>The kept write connection; read and replaced only while the write gate is held.</summary>
    private KeptConnection? kept;

    private int prepared;

    /// <summary>Commands made on connections of this writer (kept or pooled): each prepares its statement once.</summary>
    public int Prepared => Volatile.Read(ref prepared);

    /// <summary>
    /// Runs <paramref name="write"/> (synchronous, as SQLite is; it begins and ends its own transaction, if any) holding the file's write gate,
    /// on the kept connection. Not to be called while this flow holds the gate (the gate refuses it).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteStatements, T> write, CancellationToken cancellationToken)
    {
        using var lease = await SqliteWriteGate.EnterAsync(factory.DatabasePath, cancellationToken).ConfigureAwait(false);
        if (lease.FullPath is null)
        {
            var pooled = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (pooled.ConfigureAwait(false))
            {
                using var statements = new SqliteStatements(pooled, cached: false);
                try
                {
                    return write(pooled, statements);
                }
                finally
                {
                    Interlocked.Add(ref prepared, statements.Prepared);
                }
            }
        }

        var connection = kept ??= new KeptConnection(await factory.OpenKeptAsync(cancellationToken).ConfigureAwait(false));
        var before = connection.Statements.Prepared;
        connection.Statements.Transaction = null;
        try
        {
            return write(connection.Connection, connection.Statements);
        }
        catch
        {
            kept = null;
            connection.Dispose();
            throw;
        }
        finally
        {
            Interlocked.Add(ref prepared, connection.Statements.Prepared - before);
        }
    }

    /// <summary>
    /// Closes the kept connection (waiting for a write in flight); a later write opens another. Without it the connection
    /// stays open until the process ends, and SQLite's checkpoint at the last close is left to the next process.
    /// </summary>
    public void Dispose()
    {
        using var lease = SqliteWriteGate.EnterAsync(factory.DatabasePath, CancellationToken.None).GetAwaiter().GetResult();
        kept?.Dispose();
        kept = null;
    }

    /// <summary>The kept connection and the statements prepared on it.</summary>
    private sealed class KeptConnection(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public SqliteStatements Statements { get; } = new(connection, cached: true);

        public void Dispose()
        {
            Statements.Dispose();
            Connection.Dispose();
        }
    }
}
