using Orchestrator.Storage.Fencing;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>The fenced node store's contract on SQLite.</summary>
public sealed class SqliteFencedNodeStoreTests : FencedNodeStoreContract, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override IFencedNodeStore OpenStore() => new SqliteFencedNodeStore(_db.Connections);

    public void Dispose() => _db.Dispose();
}
