using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The failed user move store's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresFailedUserMoveStoreTests : FailedUserMoveStoreContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (IFailedUserMoveStore Moves, IProcedureStore Procedures) OpenStores() => (new PostgresFailedUserMoveStore(_db.Connections), new PostgresProcedureStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
