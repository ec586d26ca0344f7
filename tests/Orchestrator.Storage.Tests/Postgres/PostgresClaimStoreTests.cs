using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Tests.Claims;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The claim contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresClaimStoreTests : ClaimStoreContract, IAsyncLifetime
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

    protected override (IProcedureStore Steps, IReplicaUpdateStore Batches) OpenStores()
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
