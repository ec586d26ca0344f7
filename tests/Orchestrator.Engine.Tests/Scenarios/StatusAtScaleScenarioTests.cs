using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Queries.GetStatus;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 11 point 4: status finds every active procedure by index and is built from one observation of the world. The
/// procedures are in the real SQLite store; the world is kept in memory (counted at its store), since seeding a world of
/// a thousand hierarchies through the one-document SQLite world is what issue 11 point 1 makes fast.
/// </summary>
public sealed class StatusAtScaleScenarioTests
{
    private static Action<IServiceCollection> InMemoryWorld(Action<CountingWorldStateStore> created) => services =>
        services.AddSingleton<IWorldStateStore>(_ =>
        {
            var store = new CountingWorldStateStore(new InMemoryWorldStateStore());
            created(store);
            return store;
        });

    [Fact]
    public async Task SixHundredActiveProcedures_AreAllShownActive_ByStatus_AndListedAsActive()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: ManyHierarchies.Yaml(600, 4), configure: InMemoryWorld(_ => { }));
        var now = DateTimeOffset.UtcNow;
        var created = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < 600; i++)
        {
            var h = ManyHierarchies.Name(i);
            created[h] = await o.Store.CreateAsync(
                new NewProcedure(SwitchoverProcedure.KindName, h, "Preparing", null, "node2", "tester", "at scale", 1, now),
                [new PlannedStep("Preparing", "verify-target", "node2", h, 60)],
                new NewAuditEntry(now, null, SwitchoverProcedure.KindName, h, null, "Preparing", "Requested", "tester", "at scale"),
                CancellationToken.None);
        }

        var status = await o.Mediator.Send(new GetStatusQuery());

        Assert.Equal(600, status.Hierarchies.Count);
        Assert.All(status.Hierarchies, h => Assert.Equal((created[h.Name], "Preparing"), (h.ActiveProcedureId, h.ActiveProcedureState)));
        var listed = await o.Mediator.Send(new ListProceduresQuery(null, ActiveOnly: true));
        Assert.Equal(created.Values.OrderDescending(), listed.Select(p => p.Id)); // all 600, newest first: the list's limit of 100 does not apply
        Assert.Equal([created[ManyHierarchies.Name(0)]], (await o.Mediator.Send(new ListProceduresQuery("H0000", ActiveOnly: true))).Select(p => p.Id));
    }

    [Fact]
    public async Task StatusOfAThousandHierarchies_ReadsTheWorldOnce_AndShowsWhereEachIsInService()
    {
        CountingWorldStateStore? counting = null;
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: ManyHierarchies.Yaml(1000, 10), configure: InMemoryWorld(store => counting = store));
        await o.World.FailNodeAsync("node3");
        Assert.NotNull(counting);
        counting.Reset();

        var status = await o.Mediator.Send(new GetStatusQuery());

        Assert.Equal(1, counting.Reads);
        Assert.Equal(1000, status.Hierarchies.Count);
        var h0 = status.Hierarchies.Single(h => h.Name == ManyHierarchies.Name(0));
        Assert.Equal(["node1"], h0.InServiceOn);
        Assert.Equal([("node1", true), ("node2", true)], h0.Nodes.Select(n => (n.Name, n.Up)));
        var h1 = status.Hierarchies.Single(h => h.Name == ManyHierarchies.Name(1));
        Assert.Equal([("node3", false), ("node4", true)], h1.Nodes.Select(n => (n.Name, n.Up)));
        Assert.All(status.Hierarchies, h => Assert.Null(h.ActiveProcedureId));
    }
}
