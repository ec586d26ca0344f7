using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Tests.Leadership;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The leader contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresLeaderStoreTests : LeaderStoreContract, IAsyncLifetime
{
    private PostgresDatabase? _db;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            _db = await PostgresDatabase.CreateAsync();
        }
    }

    protected override (ILeaderStore Leaders, IProcedureStore Procedures, IAuditJournal Audit, IMonitorCounterStore Counters) OpenStores()
    {
        Skip.If(_db is null, PostgresServer.MissingReason);
        var c = _db!.Connections;
        return (new PostgresLeaderStore(c), new PostgresProcedureStore(c), new PostgresAuditJournal(c), new PostgresMonitorCounterStore(c));
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
