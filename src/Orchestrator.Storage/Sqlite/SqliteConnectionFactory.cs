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

    public const int BusyTimeoutMilliseconds = 30_000;

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        // WAL is persistent in the file (set by the migrator). The bundled SQLite defaults to synchronous=FULL,
        // which makes a commit durable across power loss (a test checks it).
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // A writer waits for another inside SQLite (fine-grained), not in Microsoft.Data.Sqlite's 150 ms retry
        // sleep: a direct call on the handle, no statement to prepare on every open.
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, BusyTimeoutMilliseconds);
        return connection;
    }
}
