using Dapper;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The procedure store contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerProcedureStoreContractTests : ProcedureStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IProcedureStore OpenStore() => new SqlServerProcedureStore(_db.Connections);

    protected override async Task<int> AuditRowsAsync(long? procedureId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_log WHERE @procedureId IS NULL OR procedure_id = @procedureId", new { procedureId });
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
