using Orchestrator.Host.Leadership;
using Orchestrator.Host.Monitoring;
using Orchestrator.Storage.Leadership;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>
/// Issue 13: a failover first suspends a rolling update that yields to it; an old leader's failover after a takeover
/// must not even suspend it (the round's term is checked before any failover of the round).
/// </summary>
public sealed class FencedUpdateMonitorTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheOldLeadersFailover_AfterATakeover_DoesNotSuspendTheRollingUpdate()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        var monitor = o.Get<HealthMonitor>();
        var leaders = o.Get<ILeaderStore>();
        var id = await s.StartUpdateAsync(switchbackAt: s.Clock.GetUtcNow().AddHours(1));
        await s.RunUntilAsync(id, v => v.State == RollingUpdateStates.WaitingForSwitchback);
        var fence = o.Get<LeaderElection>().Fence!; // the scenario's runtime leads (the runner lock's guard)

        await o.World.FailNodeAsync("node2"); // it holds exch1 under the update
        await monitor.CheckOnceAsync(fence, CancellationToken.None);
        await monitor.CheckOnceAsync(fence, CancellationToken.None);
        s.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "host-b:2:b", s.Clock.GetUtcNow(), Lease, guarded: true, CancellationToken.None);
        Assert.True(taken!.Epoch > fence.Term.Epoch);

        await Assert.ThrowsAsync<StaleLeaderException>(() => monitor.CheckOnceAsync(fence, CancellationToken.None));

        Assert.Equal(RollingUpdateStates.WaitingForSwitchback, (await s.ViewAsync(id)).State);
        Assert.DoesNotContain(await o.Store.ListAsync("exch1", 10, CancellationToken.None), p => p.Kind == "failover");
    }
}
