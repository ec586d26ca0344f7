using Dapper;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Tests.Contracts;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The procedure store contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresProcedureStoreContractTests : ProcedureStoreContract, IAsyncLifetime
{
    private PostgresDatabase? _db;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            _db = await PostgresDatabase.CreateAsync();
            await _db.UseCallerClockAsync(); // the contract simulates time
        }
    }

    protected override IProcedureStore OpenStore()
    {
        Skip.If(_db is null, PostgresServer.MissingReason);
        return new PostgresProcedureStore(_db!.Connections);
    }

    protected override async Task<int> AuditRowsAsync(long? procedureId)
    {
        await _db!.Connections.AuditLinker.LinkAsync(CancellationToken.None); // committed rows wait to be linked (db/postgres/0013)
        await using var connection = await _db!.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*)::integer FROM audit_log WHERE @procedureId::bigint IS NULL OR procedure_id = @procedureId", new { procedureId });
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
