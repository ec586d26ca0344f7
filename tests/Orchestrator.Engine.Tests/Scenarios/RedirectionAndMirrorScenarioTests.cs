using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

public sealed class RedirectionAndMirrorScenarioTests
{
    [Fact]
    public async Task AcrossSubnets_WithoutASwitchableIp_ClientsAreRedirectedByDns()
    {
        var yaml = Samples.Read("two-node");
        var withoutIp = string.Join('\n', yaml.Split('\n').Where(l => !l.TrimStart().StartsWith("ip:", StringComparison.Ordinal)));
        Assert.DoesNotContain("ip:", withoutIp, StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: withoutIp);
        await o.World.FailNodeAsync("node1");

        var failover = await o.FailoverAsync("node1 failed");
        var view = await o.SettledAsync(failover.Started!.Id);

        Assert.Equal(ProcedureStates.Completed, view.State);
        Assert.DoesNotContain(view.Steps, s => s.Action == "address.acquire");
        var world = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.All(world.DnsRecords, r => Assert.Equal("node2", r.Target));
        Assert.NotEmpty(world.DnsRecords);
    }

    [Fact]
    public async Task AServiceThatDoesNotStartWithinMaxWait_StopsTheFailoverForAnOperator()
    {
        var yaml = Samples.Read("two-node").Replace("        - name: MSExchangeIS\n", "        - name: MSExchangeIS\n          maxwait: 1\n", StringComparison.Ordinal);
        await using var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        await o.World.SetStartDelayAsync("MSExchangeIS", TimeSpan.FromHours(1));
        await o.World.FailNodeAsync("node1");

        var failover = await o.FailoverAsync("node1 failed");
        var view = await o.SettledAsync(failover.Started!.Id);

        Assert.Equal(ProcedureStates.WaitingForOperator, view.State);
        Assert.Contains("MAXWAIT 1 s", view.LastError, StringComparison.Ordinal);
        Assert.Empty((await o.World.SnapshotAsync(CancellationToken.None)).Violations);
    }

    [Fact]
    public async Task ABackupWhoseMirrorIsInFullResync_MustNotRecover_UntilTheResyncCompletes()
    {
        await using var o = await TestOrchestrator.StartAsync();
        await o.World.SetMirrorStateAsync("node2", MirrorState.FullResync);
        await o.World.FailNodeAsync("node1");
        var monitor = o.Get<HealthMonitor>();
        for (var i = 0; i < 6; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }

        Assert.Empty(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        var waits = (await o.Mediator.Send(new ListAuditQuery("exch1", null))).Where(r => r.TriggerName == "FailoverWait").ToList();
        var said = Assert.Single(waits); // said once, not on every check
        Assert.Contains("full resync", said.Reason, StringComparison.Ordinal);

        await o.World.SetMirrorStateAsync("node2", MirrorState.Mirroring);
        await monitor.CheckOnceAsync(CancellationToken.None);
        var failover = Assert.Single(await o.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
    }
}
