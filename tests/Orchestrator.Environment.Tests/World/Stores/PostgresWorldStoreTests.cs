using Orchestrator.Environment.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// A test class on the PostgreSQL world: a fresh migrated database per test (<see cref="ConnectionString"/>, null when
/// PostgreSQL's binaries are missing) and the stores it opens on it (<see cref="Open"/>), disposed after the test.
/// </summary>
public abstract class PostgresWorldStoreTests : IAsyncLifetime, IDisposable
{
    private readonly List<PostgresWorldStateStore> opened = [];

    protected string? ConnectionString { get; private set; }

    public async Task InitializeAsync() => ConnectionString = await PostgresWorldDatabase.CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var store in opened)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A store on the test's database (the test is skipped without PostgreSQL).</summary>
    protected PostgresWorldStateStore Open()
    {
        Skip.If(ConnectionString is null, PostgresServer.MissingReason);
        var store = new PostgresWorldStateStore(ConnectionString!);
        opened.Add(store);
        return store;
    }
}
