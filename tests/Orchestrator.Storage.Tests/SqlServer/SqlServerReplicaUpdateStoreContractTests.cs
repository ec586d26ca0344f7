using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The replica-list update store contract on SQL Server; skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerReplicaUpdateStoreContractTests : ReplicaUpdateStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (IProcedureStore Procedures, IReplicaUpdateStore Updates) OpenStores() =>
        (new SqlServerProcedureStore(_db.Connections), new SqlServerReplicaUpdateStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
