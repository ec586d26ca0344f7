using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The cluster definition store's contract on SQLite.</summary>
public sealed class SqliteClusterDefinitionStoreTests : ClusterDefinitionStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override (IClusterDefinitionStore Definitions, IAuditJournal Audit, IProcedureStore Procedures) OpenStores() => (new SqliteClusterDefinitionStore(_db.Connections), new SqliteAuditJournal(_db.Connections), new SqliteProcedureStore(_db.Connections));

    public void Dispose() => _db.Dispose();
}
