using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Queries.ListAudit;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Monitoring;
using Orchestrator.Workflows;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>The update's waits are persisted and the monitor keeps watching (only) the node under it.</summary>
public sealed class UpdateDurabilityTests
{
    [Fact]
    public async Task AScheduledSwitchback_SurvivesARestartOfTheOrchestrator()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-update-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));
        var at = clock.GetUtcNow().AddHours(6);
        long id;
        await using (var first = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"), directory: directory, time: clock))
        {
            var s = new UpdateScenario(first, clock);
            id = await s.StartUpdateAsync(switchbackAt: at);
            await s.RunUntilAsync(id, v => v.State == RollingUpdateStates.WaitingForSwitchback);
        }

        // A new process (same files), hours later on the same clock: the timer is in the tables, not in memory.
        clock.SetUtcNow(at.AddMinutes(1));
        await using var second = await TestOrchestrator.StartAsync(definitionYaml: Samples.Read("two-node-mirrored"), directory: directory, time: clock);
        var done = await new UpdateScenario(second, clock).SettledAsync(id);

        Assert.Equal(ProcedureStates.Completed, done.State);
        Assert.Equal(["node1"], (await second.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task TheMonitor_LeavesThePlannedMovesAlone_AndFailsOverWhenTheNodeUnderTheUpdateDies()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        var monitor = o.Get<HealthMonitor>();
        var id = await s.StartUpdateAsync(switchbackAt: s.Clock.GetUtcNow().AddHours(1));

        // Checks while the update stops services and moves exch1: no local recovery, no failover.
        await s.RunUntilAsync(id, v =>
        {
            monitor.CheckOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
            return v.State == RollingUpdateStates.WaitingForSwitchback;
        });
        var monitorRows = (await o.Mediator.Send(new ListAuditQuery("exch1", null))).Where(r => r.Actor == HealthMonitor.Actor).ToList();
        Assert.Empty(monitorRows);

        // node2 now holds exch1 and dies: three failed checks, then the monitor's failover suspends the update.
        await o.World.FailNodeAsync("node2");
        for (var i = 0; i < 3; i++)
        {
            await monitor.CheckOnceAsync(CancellationToken.None);
        }

        var suspended = await s.ViewAsync(id);
        Assert.Equal(RollingUpdateStates.Suspended, suspended.State);
        var failover = (await o.Store.ListAsync("exch1", 10, CancellationToken.None)).First(p => p.Kind == "failover");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(failover.Id)).State);
        Assert.Equal(["node1"], (await o.World.SnapshotAsync(CancellationToken.None)).InServiceNodes("exch1"));
    }
}
