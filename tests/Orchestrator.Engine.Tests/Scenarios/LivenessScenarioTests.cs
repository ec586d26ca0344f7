using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>S1/S18: liveness over the communication paths, and client connectivity.</summary>
public sealed class LivenessScenarioTests
{
    private static async Task CheckAsync(TestOrchestrator o, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await o.Get<HealthMonitor>().CheckOnceAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task OneCutPathOfTwo_IsNotAFailure_ButAllPathsCut_FailsOverAndFencesTheUnreachableNode()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("cascading-3"));
        await o.World.FailPathAsync("node1", "node2");
        await CheckAsync(o, 4);
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));

        await o.World.FailPathAsync("node1", "node3");
        await CheckAsync(o, 3);
        var failover = Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Contains("node1 unreachable on 2/2 paths from live peers (node2 and node3) on 3 consecutive checks", failover.Reason, StringComparison.Ordinal);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.True(world.Node("node1").Fenced); // a node cut off from its peers is fenced before anything comes up elsewhere
        Assert.Equal(["node2"], world.InServiceNodes("exch1"));
    }

    [Fact]
    public async Task ALostSwitchableAddress_IsTakenBackLocally_AsClientConnectivityRecovery()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.EnsureReleasedAsync("node1", "10.0.0.100", new Environment.Ports.EffectKey(99, 1, 1), CancellationToken.None);
        await CheckAsync(o, 3);

        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal("node1", await o.World.GetOwnerAsync("10.0.0.100", CancellationToken.None));
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.Contains(audit, r => r.TriggerName == "LocalRecovery" && r.Reason.Contains("client access by IP 10.0.0.100", StringComparison.Ordinal));
    }
}
