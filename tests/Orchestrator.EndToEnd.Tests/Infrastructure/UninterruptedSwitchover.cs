namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The baseline: switchover exch1 → node2 on two-node.yaml, run once without any crash. A recovered run
/// must leave exactly the same effects applied (each once, none twice, none missing). Run on SQLite when the fixture
/// starts, and once on PostgreSQL (<see cref="TestStore"/>) when a test first compares a run on it.
/// </summary>
public sealed class UninterruptedSwitchover : IAsyncLifetime
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, int>>> OnPostgres = new(() => ComputeAsync(TestStore.Postgres));

    /// <summary>Effects applied by the uninterrupted switchover on SQLite, by effect key (every count is 1).</summary>
    public IReadOnlyDictionary<string, int> Applied { get; private set; } = new Dictionary<string, int>();

    public async Task InitializeAsync() => Applied = await ComputeAsync(TestStore.Sqlite);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Procedure #1 completed, exch1 in service on node2 only, every effect applied exactly as in the SQLite baseline, the audit chain intact.</summary>
    public Task ShouldMatchAsync(TempDataDir dir, string context) => ShouldMatchAsync(dir, TestStore.Sqlite, context);

    /// <summary>Procedure #1 completed, exch1 in service on node2 only, every effect applied exactly as in the baseline on <paramref name="store"/>, the audit chain intact.</summary>
    public async Task ShouldMatchAsync(TempDataDir dir, TestStore store, string context)
    {
        var expected = store == TestStore.Sqlite ? Applied : await OnPostgres.Value;
        var procedure = await dir.ProcedureAsync(1);
        Assert.True(procedure.State == "Completed", $"{context}: procedure #1 is {procedure.State} ({procedure.LastError})");
        Assert.Equal(Samples.TwoNodeSwitchoverSteps, procedure.StepsDone);

        var world = await dir.WorldAsync();
        Assert.Equal(["node2"], world.InServiceNodesOf("exch1"));
        Assert.True(Render(expected) == Render(world.Applied),
            $"{context}: effects applied differ from the uninterrupted run\n--- expected ---\n{Render(expected)}\n--- actual ---\n{Render(world.Applied)}");

        await dir.AuditChainShouldHoldAsync();
    }

    private static async Task<IReadOnlyDictionary<string, int>> ComputeAsync(TestStore store)
    {
        using var dir = new TempDataDir();
        await dir.UseAsync(store);
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        var world = await dir.WorldAsync();
        Assert.Equal(["node2"], world.InServiceNodesOf("exch1"));
        Assert.All(world.Applied, e => Assert.Equal(1, e.Value));
        // step 1 only verifies; the apply set 4 optional services to manual start on each node (S7)
        Assert.Equal(Samples.TwoNodeSwitchoverSteps - 1 + 8, world.Applied.Count);
        return world.Applied;
    }

    private static string Render(IReadOnlyDictionary<string, int> applied) =>
        string.Join("\n", applied.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} = {e.Value}"));
}
