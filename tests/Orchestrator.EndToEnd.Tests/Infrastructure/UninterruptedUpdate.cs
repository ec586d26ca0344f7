namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The baseline: the two-node rolling update run once without a crash. A recovered update must leave exactly the same
/// effects applied — each package installed once per node, every mirror paused and resumed in matching pairs — the
/// hierarchy in service on node1, no invariant ever violated (never two nodes in service, no move onto a node whose
/// mirror is not mirroring), and an intact audit chain.
/// </summary>
public sealed class UninterruptedUpdate : IAsyncLifetime
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, int>>> Shared = new(ComputeAsync);

    public IReadOnlyDictionary<string, int> Applied { get; private set; } = new Dictionary<string, int>();

    public async Task InitializeAsync() => Applied = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    public async Task ShouldMatchAsync(TempDataDir dir, string context)
    {
        var procedure = await dir.ProcedureAsync(UpdateScenario.UpdateId);
        Assert.True(procedure.State == "Completed", $"{context}: the update is {procedure.State} ({procedure.LastError})");
        var world = await dir.WorldAsync();
        WorldShouldBeUpdated(world, context);
        Assert.True(Render(Applied) == Render(world.Applied),
            $"{context}: effects applied differ from the uninterrupted run\n--- expected ---\n{Render(Applied)}\n--- actual ---\n{Render(world.Applied)}");
        await dir.AuditChainShouldHoldAsync();
    }

    private static async Task<IReadOnlyDictionary<string, int>> ComputeAsync()
    {
        using var dir = new TempDataDir();
        await dir.PrepareAsync();
        (await dir.UpdateAsync()).ShouldExitWith(0);
        var procedure = await dir.ProcedureAsync(UpdateScenario.UpdateId);
        Assert.Equal(("Completed", UpdateScenario.Steps), (procedure.State, procedure.Steps.Count));
        var world = await dir.WorldAsync();
        WorldShouldBeUpdated(world, "uninterrupted update");
        Assert.All(world.Applied, e => Assert.Equal(1, e.Value));
        return world.Applied;
    }

    private static void WorldShouldBeUpdated(WorldJson world, string context)
    {
        Assert.True(world.InServiceNodesOf("exch1") is ["node1"], $"{context}: exch1 is in service on {string.Join(", ", world.InServiceNodesOf("exch1"))}");
        Assert.True(world.Violations.Count == 0, $"{context}: invariant violations:\n{string.Join("\n", world.Violations)}");
        foreach (var node in new[] { "node1", "node2" })
        {
            Assert.Equal(1, world.Applied.GetValueOrDefault($"PackageInstall:{node}/{UpdateScenario.Package}"));
            Assert.Equal(1, world.Applied.GetValueOrDefault($"MirrorPause:{node}/{node}"));
            Assert.Equal(1, world.Applied.GetValueOrDefault($"MirrorResume:{node}/{node}"));
        }
    }

    private static string Render(IReadOnlyDictionary<string, int> applied) =>
        string.Join("\n", applied.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} x{e.Value}"));
}
