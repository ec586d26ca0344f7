using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Leadership;

/// <summary>The leader contract on SQLite.</summary>
public sealed class SqliteLeaderStoreTests : LeaderStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override (ILeaderStore Leaders, IProcedureStore Procedures, IAuditJournal Audit, IMonitorCounterStore Counters) OpenStores() =>
        (new SqliteLeaderStore(_db.Connections), new SqliteProcedureStore(_db.Connections), new SqliteAuditJournal(_db.Connections), new SqliteMonitorCounterStore(_db.Connections));

    public void Dispose() => _db.Dispose();
}
