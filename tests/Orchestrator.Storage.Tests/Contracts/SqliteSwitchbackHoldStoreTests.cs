using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The switchback hold store's contract on SQLite.</summary>
public sealed class SqliteSwitchbackHoldStoreTests : SwitchbackHoldStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override (ISwitchbackHoldStore Holds, IProcedureStore Procedures) OpenStores() => (new SqliteSwitchbackHoldStore(_db.Connections), new SqliteProcedureStore(_db.Connections));

    public void Dispose() => _db.Dispose();
}
