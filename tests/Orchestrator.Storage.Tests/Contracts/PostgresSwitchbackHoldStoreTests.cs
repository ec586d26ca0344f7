using Orchestrator.Storage.Holds;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The switchback hold store's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresSwitchbackHoldStoreTests : SwitchbackHoldStoreContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (ISwitchbackHoldStore Holds, IProcedureStore Procedures) OpenStores() => (new PostgresSwitchbackHoldStore(_db.Connections), new PostgresProcedureStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
