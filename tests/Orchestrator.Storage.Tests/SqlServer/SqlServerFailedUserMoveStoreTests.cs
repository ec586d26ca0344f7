using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Contracts;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>The failed user move store's contract on SQL Server (each case on a database of its own); skipped, with the reason, without ORCHESTRATOR_SQLSERVER.</summary>
public sealed class SqlServerFailedUserMoveStoreTests : FailedUserMoveStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (IFailedUserMoveStore Moves, IProcedureStore Procedures) OpenStores() =>
        (new SqlServerFailedUserMoveStore(_db.Connections), new SqlServerProcedureStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
