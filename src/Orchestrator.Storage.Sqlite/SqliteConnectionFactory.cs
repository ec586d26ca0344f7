using Microsoft.Data.Sqlite;

namespace Orchestrator.Storage.Sqlite;

/// <summary>Opens connections to the product's SQLite file with the durability settings every connection needs.</summary>
public sealed class SqliteConnectionFactory
{
    static SqliteConnectionFactory() => DapperConfiguration.EnsureConfigured();

    public SqliteConnectionFactory(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
            ForeignKeys = true,
        }.ToString();
    }

    /// <summary>The same file and settings, unpooled: a kept connection (<see cref="SqliteKeptWriter"/>) closes when it is dropped.</summary>
    private string KeptConnectionString => new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString();

    public const int BusyTimeoutMilliseconds = 30_000;

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    /// <summary>A connection for reads (and for nothing that writes: a write goes through <see cref="OpenWriteAsync"/>).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteConnection(ConnectionString), cancellationToken);

    /// <summary>
    /// A connection for a write: it waits for this file's <see cref="SqliteWriteGate"/> first and releases it when it
    /// is disposed (after the commit or rollback). Not an async method: the gate is recorded in the caller's flow.
    /// </summary>
    public Task<SqliteConnection> OpenWriteAsync(CancellationToken cancellationToken) =>
        OpenGatedAsync(SqliteWriteGate.EnterAsync(DatabasePath, cancellationToken), cancellationToken);

    /// <summary>A connection a store keeps for its writes, used only while it holds the write gate (<see cref="SqliteKeptWriter"/>).</summary>
    internal Task<SqliteConnection> OpenKeptAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteConnection(KeptConnectionString), cancellationToken);

    private async Task<SqliteConnection> OpenGatedAsync(Task<SqliteWriteLease> entering, CancellationToken cancellationToken)
    {
        var lease = await entering.ConfigureAwait(false);
        try
        {
            return await OpenAsync(new GatedSqliteConnection(ConnectionString, lease), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private static async Task<SqliteConnection> OpenAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // WAL is persistent in the file (set by the migrator). The bundled SQLite defaults to synchronous=FULL,
        // which makes a commit durable across power loss (a test checks it).
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // A writer waits for another inside SQLite (fine-grained), not in Microsoft.Data.Sqlite's 150 ms retry
        // sleep: a direct call on the handle, no statement to prepare on every open.
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds);
        return connection;
    }
}
