using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.Users;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The failed user move store's contract on SQLite.</summary>
public sealed class SqliteFailedUserMoveStoreTests : FailedUserMoveStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override (IFailedUserMoveStore Moves, IProcedureStore Procedures) OpenStores() => (new SqliteFailedUserMoveStore(_db.Connections), new SqliteProcedureStore(_db.Connections));

    public void Dispose() => _db.Dispose();
}
