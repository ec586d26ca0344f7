using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The audit journal's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresAuditJournalTests : AuditJournalContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IAuditJournal OpenJournal() => new PostgresAuditJournal(_db.Connections);

    protected override async Task TamperAsync(string sql, object? param = null)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER; " + sql, param);
    }

    /// <summary>The identity only lets an id be updated to DEFAULT: a superuser drops it first.</summary>
    protected override Task RenumberAsync(long id, long newId) =>
        TamperAsync("ALTER TABLE audit_log ALTER COLUMN id DROP IDENTITY; UPDATE audit_log SET id = @newId WHERE id = @id", new { id, newId });

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
