using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The cluster definition store's contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresClusterDefinitionStoreTests : ClusterDefinitionStoreContract, IAsyncLifetime
{
    private readonly PostgresContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (IClusterDefinitionStore Definitions, IAuditJournal Audit, IProcedureStore Procedures) OpenStores() => (new PostgresClusterDefinitionStore(_db.Connections), new PostgresAuditJournal(_db.Connections), new PostgresProcedureStore(_db.Connections));

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
