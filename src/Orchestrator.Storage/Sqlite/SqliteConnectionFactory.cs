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
        }.ToString();
    }

    public string DatabasePath { get; }

    public string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        // WAL is persistent in the file (set by the migrator). The bundled SQLite defaults to synchronous=FULL,
        // which makes a commit durable across power loss (a test checks it), and Microsoft.Data.Sqlite retries
        // SQLITE_BUSY for DefaultTimeout seconds: nothing needs to run on every open.
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
