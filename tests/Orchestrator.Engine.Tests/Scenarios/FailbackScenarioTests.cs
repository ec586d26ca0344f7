using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.World;

namespace Orchestrator.Engine.Tests.Scenarios;

public sealed class FailbackScenarioTests
{
    private static async Task<TestOrchestrator> FailedOverToNode2Async()
    {
        var o = await TestOrchestrator.StartAsync();
        await o.World.SeedUsersAsync([("alice", "example.com", "node1"), ("bob", "example.com", "node1")]);
        await o.World.FailNodeAsync("node1");
        var outcome = await o.FailoverAsync("node1 failed");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(outcome.Started!.Id)).State);
        return o;
    }

    [Fact]
    public async Task IntelligentFailback_MovesTheHierarchyUsersAndQueuesBack_WhenTheOperatorAsks()
    {
        await using var o = await FailedOverToNode2Async();
        await o.World.RestoreNodeAsync("node1");

        var started = await o.FailbackAsync();
        var view = await o.SettledAsync(started.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.True(view.Steps.Count >= 12, $"a failback has {view.Steps.Count} steps");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
        Assert.All(world.Users, u => Assert.Equal("node1", u.Home));
        Assert.Equal(1, world.AppliedCount(EffectKind.QueueReconnect, "node1", "node2"));
        Assert.Empty(world.Violations);
    }

    [Fact]
    public async Task Failback_IsRefused_WhileTheBetterNodeIsDown()
    {
        await using var o = await FailedOverToNode2Async();
        var error = await Assert.ThrowsAsync<BadInputException>(() => o.FailbackAsync());
        Assert.Contains("node1", error.Message, StringComparison.Ordinal);
        Assert.Contains("down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failback_NeverMovesToALowerPriorityNode()
    {
        await using var o = await TestOrchestrator.StartAsync();
        var already = await Assert.ThrowsAsync<BadInputException>(() => o.FailbackAsync());
        Assert.Contains("best node node1", already.Message, StringComparison.Ordinal);
        var lower = await Assert.ThrowsAsync<BadInputException>(() => o.FailbackAsync(target: "node2"));
        Assert.Contains("lower", lower.Message, StringComparison.Ordinal);
    }
}
