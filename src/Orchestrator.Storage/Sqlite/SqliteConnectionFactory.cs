using Dapper;
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
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // WAL is persistent in the file; synchronous=FULL makes a commit durable across power loss.
        await connection.ExecuteAsync("PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;").ConfigureAwait(false);
        return connection;
    }
}
