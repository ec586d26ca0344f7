using Orchestrator.Storage.SqlServer;
using Orchestrator.Testing.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// A test case's SQL Server database: fresh, migrated (or empty), dropped afterwards. When ORCHESTRATOR_SQLSERVER names
/// no server, asking for its connections skips the case with <see cref="SqlServerDatabase.NotSetReason"/>.
/// </summary>
public sealed class SqlServerContractDatabase : IAsyncDisposable
{
    private readonly bool _migrate;
    private SqlServerDatabase? _db;
    private SqlServerConnectionFactory? _connections;

    public SqlServerContractDatabase(bool migrate = true)
    {
        _migrate = migrate;
    }

    public SqlServerConnectionFactory Connections
    {
        get
        {
            Skip.If(_connections is null, SqlServerDatabase.MissingReason);
            return _connections!;
        }
    }

    public async Task InitializeAsync()
    {
        if (SqlServerDatabase.MissingReason is null)
        {
            _db = await SqlServerDatabase.CreateAsync();
            _connections = new SqlServerConnectionFactory(_db.ConnectionString);
            if (_migrate)
            {
                SqlServerMigrator.Migrate(_connections);
            }
        }
    }

    public ValueTask DisposeAsync() => _db?.DisposeAsync() ?? ValueTask.CompletedTask;
}
