using Orchestrator.Storage.Fencing;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The fenced node store's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresFencedNodeStoreTests : FencedNodeStoreContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override IFencedNodeStore OpenStore() => new PostgresFencedNodeStore(_db.Connections);

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
