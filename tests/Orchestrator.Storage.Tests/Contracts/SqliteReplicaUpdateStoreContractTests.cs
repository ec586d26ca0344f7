using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The replica-list update store contract on SQLite.</summary>
public sealed class SqliteReplicaUpdateStoreContractTests : ReplicaUpdateStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override (IProcedureStore Procedures, IReplicaUpdateStore Updates) OpenStores() =>
        (new SqliteProcedureStore(_db.Connections), new SqliteReplicaUpdateStore(_db.Connections));

    public void Dispose() => _db.Dispose();
}
