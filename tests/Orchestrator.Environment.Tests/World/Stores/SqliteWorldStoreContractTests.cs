using Microsoft.Data.Sqlite;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>The shared world's contract on a SQLite file (world.db) in a fresh temporary directory.</summary>
public sealed class SqliteWorldStoreContractTests : WorldStoreContract
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "orchestrator-world-tests", Guid.NewGuid().ToString("N"));

    public SqliteWorldStoreContractTests() => Directory.CreateDirectory(directory);

    protected override IWorldStateStore CreateStore() => new SqliteWorldStateStore(Path.Combine(directory, "world.db"));

    protected override SimulatedPublicFolders PublicFolders(IWorldStateStore store, SimulatedWorld world) =>
        new((SqliteWorldStateStore)store, world, Time);

    protected override void Dispose(bool disposing)
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
