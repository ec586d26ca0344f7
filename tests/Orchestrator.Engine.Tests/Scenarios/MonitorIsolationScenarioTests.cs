using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>Issue 10 point 8: one bad fact does not blind the monitor, and a round is judged from one observation.</summary>
public sealed class MonitorIsolationScenarioTests
{
    private static async Task CheckAsync(HealthMonitor monitor, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AHierarchyWhoseCheckFails_IsUnknownAndAuditedOnce_WhileTheOthersAreStillCheckedAndFailedOver()
    {
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("n-plus-1"));
        // exch1 (checked first) now declares volumes the world does not know: every look at them throws.
        var renamed = Samples.Read("n-plus-1")
            .Replace("      - name: E\n", "      - name: P\n", StringComparison.Ordinal)
            .Replace("      - name: F\n", "      - name: Q\n", StringComparison.Ordinal)
            .Replace("      - name: G\n", "      - name: R\n", StringComparison.Ordinal);
        Assert.Contains("- name: P\n", renamed, StringComparison.Ordinal);
        // Applied "in the future": never settled, so the monitor does not reconcile it during this test — isolation alone is tested.
        await InterruptedApply.StoreWithoutSeedingAsync(o, renamed, DateTimeOffset.UtcNow.AddHours(1));
        var monitor = o.Get<HealthMonitor>();

        await o.World.FailNodeAsync("node2");
        await CheckAsync(monitor, 3);

        var failover = Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch2")));
        Assert.Contains("node2 unreachable on 1/1 paths from live peers", failover.Reason, StringComparison.Ordinal);
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        Assert.Equal(["node4"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch2"));

        await CheckAsync(monitor, 3);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        var unknown = Assert.Single(audit, r => r.TriggerName == "HealthUnknown");
        Assert.Contains("unknown volume 'P'", unknown.Reason, StringComparison.Ordinal);
        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    [Fact]
    public async Task ANodeThatDiesAfterTheRoundsObservation_IsANodeFailure_NotFailedServices_AndNoLocalRecoveryIsTriedOnIt()
    {
        var yaml = Samples.Read("two-node").Replace("settings:\n", "settings:\n  failure-threshold: 1\n", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        var volumes = new NodeDiesOnFirstResourceRead(o.World, "node1");
        var monitor = ActivatorUtilities.CreateInstance<HealthMonitor>(o.Get<IServiceProvider>(), (INodeResourceProbe)volumes);

        await CheckAsync(monitor, 1);

        Assert.True(volumes.Killed);
        var failover = Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(("failover", "node1"), (failover.Kind, failover.SourceNode));
        Assert.Contains("node1 did not answer the orchestrator's probe while the resources of exch1 were checked", failover.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("service", failover.Reason, StringComparison.OrdinalIgnoreCase);
        var audit = await o.Mediator.Send(new ListAuditQuery("exch1", null));
        Assert.DoesNotContain(audit, r => r.TriggerName.StartsWith("LocalRecovery", StringComparison.Ordinal));
        Assert.Equal(0, (await o.World.SnapshotAsync(CancellationToken.None)).Failed[EffectKind.ServiceStart]); // nothing was started on the dead node

        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        Assert.Equal(["node2"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }

    /// <summary>The resource port at the edge of the world: the first read powers the node off, right after the round's node observation.</summary>
    private sealed class NodeDiesOnFirstResourceRead(SimulatedWorld world, string victim) : INodeResourceProbe
    {
        public bool Killed { get; private set; }

        public async Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken)
        {
            if (!Killed)
            {
                Killed = true;
                await world.FailNodeAsync(victim, cancellationToken);
            }

            return await world.ReadResourcesAsync(query, cancellationToken);
        }
    }
}
