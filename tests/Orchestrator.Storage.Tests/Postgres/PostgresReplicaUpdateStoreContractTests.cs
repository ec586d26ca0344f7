using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Tests.Contracts;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The replica-list update store contract on PostgreSQL; skipped, with the reason, without the server.</summary>
public sealed class PostgresReplicaUpdateStoreContractTests : ReplicaUpdateStoreContract, IAsyncLifetime
{
    private PostgresDatabase? _db;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            _db = await PostgresDatabase.CreateAsync();
            await _db.UseCallerClockAsync(); // the contract simulates time
        }
    }

    protected override (IProcedureStore Procedures, IReplicaUpdateStore Updates) OpenStores()
    {
        Skip.If(_db is null, PostgresServer.MissingReason);
        return (new PostgresProcedureStore(_db!.Connections), new PostgresReplicaUpdateStore(_db.Connections));
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
