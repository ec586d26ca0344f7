using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The audit journal's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerAuditJournalTests : AuditJournalContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IAuditJournal OpenJournal() => new SqlServerAuditJournal(_db.Connections);

    protected override async Task TamperAsync(string sql, object? param = null)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("DISABLE TRIGGER ALL ON audit_log; " + sql, param);
    }

    /// <summary>The id is no identity (db/sqlserver/0005 takes it from a sequence): a plain update behind the triggers.</summary>
    protected override Task RenumberAsync(long id, long newId) => TamperAsync("UPDATE audit_log SET id = @newId WHERE id = @id", new { id, newId });

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
