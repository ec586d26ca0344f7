using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The switchback hold store's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerSwitchbackHoldStoreTests : SwitchbackHoldStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (ISwitchbackHoldStore Holds, IProcedureStore Procedures) OpenStores() =>
        (new SqlServerSwitchbackHoldStore(_db.Connections), new SqlServerProcedureStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
