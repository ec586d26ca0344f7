using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>S23 routing-group swap and its two "never" cases; S24 default public store in N+1.</summary>
public sealed class RoutingAndPublicStoreScenarioTests
{
    private static async Task<(TestOrchestrator O, long Failover)> FailOverWithRoutingAsync(string node2Group, string firstOwner)
    {
        var o = await TestOrchestrator.StartAsync();
        await o.World.SetRoutingAsync(new Dictionary<string, string> { ["node1"] = "RG-East", ["node2"] = node2Group }, [firstOwner, firstOwner == "node1" ? "node2" : "node1"]);
        await o.World.FailNodeAsync("node1");
        var failover = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Started!.Id)).State);
        return (o, failover.Started.Id);
    }

    [Fact]
    public async Task TheFailedPrimaryFirstInTheOwnerList_AndABackupInAnotherGroup_AreSwapped_AndFailbackSwapsThemBack()
    {
        var (o, failover) = await FailOverWithRoutingAsync("RG-West", firstOwner: "node1");
        await using (o)
        {
            var world = await o.World.SnapshotAsync(CancellationToken.None);
            Assert.Equal(("RG-West", "RG-East"), (world.RoutingGroups!["node1"], world.RoutingGroups["node2"]));
            var audit = await o.Mediator.Send(new ListAuditQuery("exch1", failover));
            Assert.Contains(audit, r => r.Reason.Contains("swapped:", StringComparison.Ordinal));

            await o.World.RestoreNodeAsync("node1");
            var failback = await o.FailbackAsync();
            Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failback.Id)).State);
            world = await o.World.SnapshotAsync(CancellationToken.None);
            Assert.Equal(("RG-East", "RG-West"), (world.RoutingGroups!["node1"], world.RoutingGroups["node2"]));
            Assert.Equal(2, world.AppliedCount(EffectKind.RoutingGroupChange, "node1", "RG-West") + world.AppliedCount(EffectKind.RoutingGroupChange, "node1", "RG-East"));
        }
    }

    [Fact]
    public async Task NoSwap_WhenTheFailedPrimaryIsNotFirstInTheOwnerList()
    {
        var (o, failover) = await FailOverWithRoutingAsync("RG-West", firstOwner: "node2");
        await using (o)
        {
            var world = await o.World.SnapshotAsync(CancellationToken.None);
            Assert.Equal(("RG-East", "RG-West"), (world.RoutingGroups!["node1"], world.RoutingGroups["node2"]));
            Assert.Equal(0, world.AppliedCount(EffectKind.RoutingGroupChange));
            var audit = await o.Mediator.Send(new ListAuditQuery("exch1", failover));
            Assert.Contains(audit, r => r.Reason.Contains("no swap:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task NoSwap_WhenTheBackupIsInTheSameRoutingGroup()
    {
        var (o, _) = await FailOverWithRoutingAsync("RG-East", firstOwner: "node1");
        await using (o)
        {
            Assert.Equal(0, (await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(EffectKind.RoutingGroupChange));
        }
    }

    [Fact]
    public async Task NPlusOne_NeverSwapsRoutingGroups_AndPointsTheSparesMailboxesAtAnotherPrimarysPublicStore()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        await o.World.SeedUsersAsync([("alice", "example.com", "node1"), ("bob", "example.com", "node1")]);
        await o.World.SetRoutingAsync(new Dictionary<string, string> { ["node1"] = "RG-1", ["node4"] = "RG-4" }, ["node1"]);
        await o.World.FailNodeAsync("node1");

        var failover = await o.FailoverAsync("node1 failed", "exch1");
        var view = await o.SettledAsync(failover.Started!.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.DoesNotContain(view.Steps, s => s.Action == "routing.swap");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(0, world.AppliedCount(EffectKind.RoutingGroupChange));
        Assert.All(world.Users, u => Assert.Equal(("node4", "node2"), (u.Home, u.DefaultPublicStore)));
        Assert.Equal(2, world.AppliedCount(EffectKind.PublicStoreRewrite));
    }
}
