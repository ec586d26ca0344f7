using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Queries.ListProcedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Leadership;
using Orchestrator.Workflows;

namespace Orchestrator.Engine.Tests.Scenarios;

/// <summary>
/// Issue 13: every monitor decision carries the leader term's epoch and is refused, in its own transaction, once another
/// runner took the term over. Two hosts in one test process on one SQLite file (no runner lock), on one fake clock.
/// </summary>
public sealed class FencedMonitorScenarioTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheOldLeadersFailover_AfterATakeover_WritesNothing_AndTheJournalShowsOneDecisionForTheFailure()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var a = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory, time: clock);
        await using var b = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory, time: clock);
        var monitorA = ActivatorUtilities.CreateInstance<HealthMonitor>(a.Get<IServiceProvider>());
        var monitorB = ActivatorUtilities.CreateInstance<HealthMonitor>(b.Get<IServiceProvider>());
        var leaders = a.Get<ILeaderStore>();
        var termA = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-a:1:a", clock.GetUtcNow(), Lease, guarded: false, CancellationToken.None);
        var fenceA = new LeaderFence(termA!, clock);

        await a.World.FailNodeAsync("node1");
        await monitorA.CheckOnceAsync(fenceA, CancellationToken.None);
        await monitorA.CheckOnceAsync(fenceA, CancellationToken.None); // two failed checks of three: no decision yet

        // A pauses past its term; B takes it over.
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var termB = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-b:2:b", clock.GetUtcNow(), Lease, guarded: false, CancellationToken.None);
        Assert.Equal(2, termB!.Epoch);
        var journal = (await a.Mediator.Send(new ListAuditQuery(null, null))).Count;

        // A wakes up and reaches the threshold: its failover, decided under epoch 1, is refused and writes nothing.
        var stale = await Assert.ThrowsAsync<StaleLeaderException>(() => monitorA.CheckOnceAsync(fenceA, CancellationToken.None));
        Assert.Equal((1L, 2L), (stale.Epoch, stale.Stored!.Epoch));
        Assert.Empty(await a.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(journal, (await a.Mediator.Send(new ListAuditQuery(null, null))).Count);

        // B, the leader, decides once the failure has been seen on its own three checks.
        var fenceB = new LeaderFence(termB, clock);
        for (var i = 0; i < 3; i++)
        {
            await monitorB.CheckOnceAsync(fenceB, CancellationToken.None);
        }

        var failover = Assert.Single(await b.Mediator.Send(new ListProceduresQuery("exch1")));
        Assert.Equal(("failover", "monitor"), (failover.Kind, failover.RequestedBy));
        var decisions = (await b.Mediator.Send(new ListAuditQuery("exch1", null))).Where(r => r.Actor == HealthMonitor.Actor && r.Kind == "failover").ToList();
        Assert.Equal([failover.Id], decisions.Select(r => r.ProcedureId).Distinct());
    }

    [Fact]
    public async Task TheOldLeadersLocalRecovery_AfterATakeover_DoesNotTouchTheWorld_AndWritesNothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using var a = await TestOrchestrator.StartAsync(runsJobs: false, directory: directory, time: clock);
        var monitorA = ActivatorUtilities.CreateInstance<HealthMonitor>(a.Get<IServiceProvider>());
        var leaders = a.Get<ILeaderStore>();
        var termA = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-a:1:a", clock.GetUtcNow(), Lease, guarded: false, CancellationToken.None);
        var fenceA = new LeaderFence(termA!, clock);

        await a.World.EnsureStoppedAsync("node1", "SMTPSVC", new Environment.Ports.EffectKey(99, 1, 1), CancellationToken.None);
        await monitorA.CheckOnceAsync(fenceA, CancellationToken.None);
        await monitorA.CheckOnceAsync(fenceA, CancellationToken.None); // two of three: no recovery yet
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-b:2:b", clock.GetUtcNow(), Lease, guarded: false, CancellationToken.None);
        var journal = (await a.Mediator.Send(new ListAuditQuery(null, null))).Count;

        await Assert.ThrowsAsync<StaleLeaderException>(() => monitorA.CheckOnceAsync(fenceA, CancellationToken.None));

        var world = await a.World.SnapshotAsync(CancellationToken.None);
        Assert.NotEqual(Environment.Ports.ServiceState.Running, world.ServiceStateOn("node1", "SMTPSVC"));
        Assert.Equal(journal, (await a.Mediator.Send(new ListAuditQuery(null, null))).Count);
    }
    [Fact]
    public async Task TheOldLeadersAutomaticFailback_AfterATakeover_IsRefused_AndWritesNothing()
    {
        // Automatic switchback, stabilisation 1 s: exch1 is moved to node2 by an operator (no failure, so no anti-flapping).
        var yaml = Samples.Read("two-node").Replace("settings:\n", "settings:\n  failback-stabilisation: 1\n", StringComparison.Ordinal)
            .Replace("switchback: intelligent", "switchback: automatic", StringComparison.Ordinal);
        Assert.Contains("switchback: automatic", yaml, StringComparison.Ordinal);
        var directory = Path.Combine(Path.GetTempPath(), "orch-engine-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var mover = await TestOrchestrator.StartAsync(definitionYaml: yaml, directory: directory))
        {
            await mover.SettledAsync((await mover.SwitchoverAsync("node2")).Id);
        }

        await using var a = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: yaml, directory: directory);
        var monitorA = ActivatorUtilities.CreateInstance<HealthMonitor>(a.Get<IServiceProvider>());
        var leaders = a.Get<ILeaderStore>();
        var termA = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-a:1:a", DateTimeOffset.UtcNow, Lease, guarded: false, CancellationToken.None);
        var fenceA = new LeaderFence(termA!, TimeProvider.System);
        await monitorA.CheckOnceAsync(fenceA, CancellationToken.None); // node1 healthy since now

        // Another runner takes the term over (guarded: at once); node1 has then been healthy past the stabilisation time.
        var termB = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-b:2:b", DateTimeOffset.UtcNow, Lease, guarded: true, CancellationToken.None);
        Assert.Equal(termA!.Epoch + 1, termB!.Epoch);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var journal = (await a.Mediator.Send(new ListAuditQuery(null, null))).Count;

        var stale = await Assert.ThrowsAsync<StaleLeaderException>(() => monitorA.CheckOnceAsync(fenceA, CancellationToken.None));
        Assert.Equal((termA.Epoch, termB.Epoch), (stale.Epoch, stale.Stored!.Epoch));
        Assert.Equal(["switchover"], (await a.Mediator.Send(new ListProceduresQuery("exch1"))).Select(p => p.Kind));
        Assert.Equal(journal, (await a.Mediator.Send(new ListAuditQuery(null, null))).Count);

        // The same round under the live term decides the failback.
        await monitorA.CheckOnceAsync(new LeaderFence(termB, TimeProvider.System), CancellationToken.None);
        Assert.Equal("failback", (await a.Mediator.Send(new ListProceduresQuery("exch1"))).First().Kind);
    }
}
