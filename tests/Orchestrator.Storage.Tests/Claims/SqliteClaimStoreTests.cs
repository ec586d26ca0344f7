using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Claims;

/// <summary>The claim contract on SQLite.</summary>
public sealed class SqliteClaimStoreTests : ClaimStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override (IProcedureStore Steps, IReplicaUpdateStore Batches) OpenStores() =>
        (new SqliteProcedureStore(_db.Connections), new SqliteReplicaUpdateStore(_db.Connections));

    public void Dispose() => _db.Dispose();
}
