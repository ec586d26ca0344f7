using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Claims;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The claim contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerClaimStoreTests : ClaimStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (IProcedureStore Steps, IReplicaUpdateStore Batches) OpenStores() =>
        (new SqlServerProcedureStore(_db.Connections), new SqlServerReplicaUpdateStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
