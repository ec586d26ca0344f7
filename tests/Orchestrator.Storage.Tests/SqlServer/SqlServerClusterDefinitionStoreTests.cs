using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The cluster definition store's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerClusterDefinitionStoreTests : ClusterDefinitionStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (IClusterDefinitionStore Definitions, IAuditJournal Audit, IProcedureStore Procedures) OpenStores() =>
        (new SqlServerClusterDefinitionStore(_db.Connections), new SqlServerAuditJournal(_db.Connections), new SqlServerProcedureStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
