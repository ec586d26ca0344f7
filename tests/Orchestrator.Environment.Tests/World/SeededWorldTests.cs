namespace Orchestrator.Environment.Tests.World;

/// <summary>Base of tests that start from the sample cluster seeded into a fresh world file.</summary>
public abstract class SeededWorldTests : IAsyncLifetime
{
    internal TestWorld T { get; } = new();

    protected static CancellationToken None => CancellationToken.None;

    public Task InitializeAsync() => T.World.SeedAsync(SampleCluster.Create(), None);

    public Task DisposeAsync()
    {
        T.Dispose();
        return Task.CompletedTask;
    }
}
