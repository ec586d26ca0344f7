using Orchestrator.Storage.Fencing;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The fenced node store's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerFencedNodeStoreTests : FencedNodeStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IFencedNodeStore OpenStore() => new SqlServerFencedNodeStore(_db.Connections);

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
