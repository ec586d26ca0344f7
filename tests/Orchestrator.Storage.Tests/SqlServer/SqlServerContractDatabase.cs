using Microsoft.Data.SqlClient;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Testing.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// A test case's SQL Server database: fresh, migrated (or empty), dropped afterwards. When ORCHESTRATOR_SQLSERVER names
/// no server, asking for its connections skips the case with <see cref="SqlServerDatabase.NotSetReason"/>.
/// </summary>
public sealed class SqlServerContractDatabase : IAsyncDisposable
{
    /// <summary>
    /// The contracts simulate time: on their databases leases follow the caller's clock, not SQL Server's (production's
    /// <c>dbo.lease_clock</c>, db/sqlserver/0002), as PostgreSQL's contract databases redefine <c>lease_clock</c>.
    /// </summary>
    public const string CallerLeaseClockSql =
        "ALTER FUNCTION dbo.lease_clock(@caller_now datetimeoffset(7)) RETURNS datetimeoffset(7) AS BEGIN RETURN @caller_now; END;";

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
                await using var connection = await _connections.OpenAsync(CancellationToken.None);
                await using var command = new SqlCommand(CallerLeaseClockSql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => _db?.DisposeAsync() ?? ValueTask.CompletedTask;
}
