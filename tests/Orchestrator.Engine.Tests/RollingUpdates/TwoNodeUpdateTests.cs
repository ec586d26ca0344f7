using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.World;
using Orchestrator.Storage.Holds;
using Orchestrator.Workflows.RollingUpdate;

namespace Orchestrator.Engine.Tests.RollingUpdates;

/// <summary>S29 on the two-node mirrored sample, through the real engine on a fake clock.</summary>
public sealed class TwoNodeUpdateTests
{
    [Fact]
    public async Task Update_FollowsS29_AndTheHierarchyIsDownOnlyDuringTheTwoPlannedMoves()
    {
        var s = await UpdateScenario.StartAsync();
        await using var o = s.Orchestrator;
        var id = await s.StartUpdateAsync();

        var done = await s.SettledAsync(id);

        Assert.Equal(ProcedureStates.Completed, done.State);
        var world = await o.World.SnapshotAsync(CancellationToken.None);

        // The world measures every outage effect by effect: exactly the two planned moves took exch1 down.
        var outages = world.Outages.Where(x => x.Hierarchy == "exch1").ToList();
        Assert.Equal(2, outages.Count);
        Assert.Equal([RollingUpdateStates.MovingToBackup, RollingUpdateStates.MovingBack], outages.Select(x => UpdateScenario.PhaseOf(done, x.StartedByKey)).ToList());
        Assert.Equal([RollingUpdateStates.MovingToBackup, RollingUpdateStates.MovingBack], outages.Select(x => UpdateScenario.PhaseOf(done, x.EndedByKey!)).ToList());
        Assert.Equal(["node1"], world.InServiceNodes("exch1"));
        Assert.All(world.Nodes, n => Assert.Equal((UpdateScenario.Package, true), (n.Version, n.AgentRunning)));
        foreach (var node in new[] { "node1", "node2" })
        {
            Assert.Equal(1, world.AppliedCount(EffectKind.PackageInstall, node, UpdateScenario.Package));
            Assert.Equal(1, world.AppliedCount(EffectKind.MirrorPause, node, node));
            Assert.Equal(1, world.AppliedCount(EffectKind.MirrorResume, node, node));
        }

        Assert.Null(await o.Get<ISwitchbackHoldStore>().HeldAsync("exch1", CancellationToken.None));
        var phases = done.Steps.Select(st => st.Phase).Distinct().ToList();
        Assert.Equal([RollingUpdateStates.UpdatingPrimary, RollingUpdateStates.MovingToBackup, RollingUpdateStates.UpdatingBackup,
            RollingUpdateStates.WaitingForSwitchback, RollingUpdateStates.MovingBack], phases);
    }
}
