using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The procedure store contract on SQLite.</summary>
public sealed class SqliteProcedureStoreContractTests : ProcedureStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override IProcedureStore OpenStore() => new SqliteProcedureStore(_db.Connections);

    protected override async Task<int> AuditRowsAsync(long? procedureId) =>
        (await new SqliteAuditJournal(_db.Connections).ListAsync(new AuditQuery(ProcedureId: procedureId), CancellationToken.None)).Count;

    public void Dispose() => _db.Dispose();
}
