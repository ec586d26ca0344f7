using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>S29 (agent, software, planned stops) and S27 (mirror pause/resume, move only while mirroring) in the world.</summary>
public sealed class SoftwareAndMirrorTests : SeededWorldTests
{
    private const string Update = "6.5.7638"; // Exchange 2003 SP2

    [Fact]
    public async Task A_new_node_runs_its_agent_with_the_default_version()
    {
        Assert.Equal(NodeRecord.DefaultVersion, await T.World.InstalledVersionAsync("node2", None));
        Assert.True(await T.World.IsAgentRunningAsync("node2", None));
        var node2 = (await T.SnapshotAsync()).Node("node2");
        Assert.Equal("6.5.7226", node2.Version);
        Assert.True(node2.AgentRunning);
        Assert.Equal(MirrorState.None, node2.Mirror);
    }

    [Fact]
    public async Task Installing_while_the_agent_runs_is_refused_and_not_transient()
    {
        var error = await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureInstalledAsync("node1", Update, T.Key(), None));

        Assert.False(error.Transient);
        Assert.Contains("lkstop -f", error.Message, StringComparison.Ordinal);
        Assert.Equal(NodeRecord.DefaultVersion, await T.World.InstalledVersionAsync("node1", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.PackageInstall]);
        Assert.Equal(0, snapshot.AppliedCount(EffectKind.PackageInstall));
    }

    [Fact]
    public async Task Stopping_the_agent_leaves_the_resources_active_and_is_a_no_op_when_stopped()
    {
        await T.World.EnsureAgentStoppedAsync("node1", T.Key(), None);
        await T.World.EnsureAgentStoppedAsync("node1", T.Key(), None);

        Assert.False(await T.World.IsAgentRunningAsync("node1", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node1"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.False(snapshot.Node("node1").AgentRunning);
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.AgentStop, "node1", "node1"));
        Assert.Equal(1, snapshot.NoOps[EffectKind.AgentStop]);

        await T.World.EnsureAgentRunningAsync("node1", T.Key(), None);
        Assert.True(await T.World.IsAgentRunningAsync("node1", None));
        Assert.Equal(1, (await T.SnapshotAsync()).AppliedCount(EffectKind.AgentStart, "node1", "node1"));
    }

    [Fact]
    public async Task An_install_is_applied_once_then_replayed_by_its_key_and_a_no_op_under_another()
    {
        await T.World.EnsureAgentStoppedAsync("node1", T.Key(), None);
        var key = T.Key();

        await T.World.EnsureInstalledAsync("node1", Update, key, None);
        await T.World.EnsureInstalledAsync("node1", Update, key, None);
        await T.World.EnsureInstalledAsync("node1", Update, T.Key(), None);

        Assert.Equal(Update, await T.World.InstalledVersionAsync("node1", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Applied[$"PackageInstall:node1/{Update}"]);
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.PackageInstall));
        Assert.Equal(1, snapshot.Replayed[EffectKind.PackageInstall]);
        Assert.Equal(1, snapshot.NoOps[EffectKind.PackageInstall]);
        Assert.Equal(Update, snapshot.Node("node1").Version);
    }

    [Fact]
    public async Task Installing_the_version_already_there_is_a_no_op_even_while_the_agent_runs()
    {
        await T.World.EnsureInstalledAsync("node1", NodeRecord.DefaultVersion, T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.NoOps[EffectKind.PackageInstall]);
        Assert.Equal(0, snapshot.AppliedCount(EffectKind.PackageInstall));
    }

    [Fact]
    public async Task Verification_reports_a_stopped_agent_and_another_version_then_nothing_once_updated()
    {
        await T.World.EnsureAgentStoppedAsync("node1", T.Key(), None);

        var problem = await T.World.VerifyAsync("node1", Update, None);

        Assert.NotNull(problem);
        Assert.Contains("agent is not running on node1", problem, StringComparison.Ordinal);
        Assert.Contains($"version {NodeRecord.DefaultVersion} installed, not {Update}", problem, StringComparison.Ordinal);

        await T.World.EnsureInstalledAsync("node1", Update, T.Key(), None);
        var stillStopped = await T.World.VerifyAsync("node1", Update, None);
        Assert.Equal("the cluster agent is not running on node1", stillStopped);

        await T.World.EnsureAgentRunningAsync("node1", T.Key(), None);
        Assert.Null(await T.World.VerifyAsync("node1", Update, None));
    }

    [Fact]
    public async Task An_injected_verification_fault_fails_the_given_number_of_verifications()
    {
        await T.World.FailVerifyAsync("NODE2", 1);

        var first = await T.World.VerifyAsync("node2", NodeRecord.DefaultVersion, None);
        var second = await T.World.VerifyAsync("node2", NodeRecord.DefaultVersion, None);

        Assert.Equal("injected fault: verification of node2 failed", first);
        Assert.Null(second);
    }

    [Fact]
    public async Task A_permanent_verification_fault_lasts_until_the_faults_are_cleared()
    {
        await T.World.FailVerifyAsync("node2", -1);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await T.World.VerifyAsync("node2", NodeRecord.DefaultVersion, None));
        }

        await T.World.ClearFaultsAsync();
        Assert.Null(await T.World.VerifyAsync("node2", NodeRecord.DefaultVersion, None));
    }

    [Fact]
    public async Task Admin_calls_on_an_unknown_node_throw_the_worlds_unknown_object_exception()
    {
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => T.World.FailVerifyAsync("node9", 1));
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => T.World.VerifyAsync("node9", Update, None));
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => T.World.EnsureMirrorPausedAsync("node9", T.Key(), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => T.World.FailVerifyAsync("node2", 0));
    }

    [Fact]
    public async Task A_planned_stop_takes_the_node_down_unfenced_and_a_start_brings_it_back_with_its_agent()
    {
        await T.World.EnsureNodeStoppedAsync("node1", T.Key(), None);
        await T.World.EnsureNodeStoppedAsync("node1", T.Key(), None);

        var stopped = await T.SnapshotAsync();
        var node1 = stopped.Node("node1");
        Assert.False(node1.Up);
        Assert.False(node1.Fenced);
        Assert.False(node1.AgentRunning);
        Assert.All(node1.Services, s => Assert.Equal(ServiceState.Stopped, s.State));
        Assert.Empty(node1.Shares);
        Assert.Empty(stopped.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(1, stopped.AppliedCount(EffectKind.NodeShutdown, "node1", "node1"));
        Assert.Equal(1, stopped.NoOps[EffectKind.NodeShutdown]);

        await T.World.EnsureNodeStartedAsync("node1", T.Key(), None);
        await T.World.EnsureNodeStartedAsync("node1", T.Key(), None);

        var started = await T.SnapshotAsync();
        node1 = started.Node("node1");
        Assert.True(node1.Up);
        Assert.False(node1.Fenced);
        Assert.True(node1.AgentRunning);
        Assert.All(node1.Services, s => Assert.Equal(ServiceState.Stopped, s.State));
        Assert.Equal(1, started.AppliedCount(EffectKind.NodeBoot, "node1", "node1"));
        Assert.Equal(1, started.NoOps[EffectKind.NodeBoot]);
        Assert.Empty(started.Violations);
    }

    [Fact]
    public async Task A_node_that_failed_can_be_started_and_its_agent_runs_again()
    {
        await T.World.FailNodeAsync("node2");
        Assert.False(await T.World.IsAgentRunningAsync("node2", None));

        await T.World.EnsureNodeStartedAsync("node2", T.Key(), None);

        Assert.True(await T.World.IsUpAsync("node2", None));
        Assert.True(await T.World.IsAgentRunningAsync("node2", None));
    }

    [Fact]
    public async Task Taking_over_from_a_node_stopped_on_purpose_needs_no_fencing()
    {
        await T.World.EnsureNodeStoppedAsync("node1", T.Key(), None);

        foreach (var volume in SampleCluster.Volumes)
        {
            await T.World.EnsureMountedAsync("node2", volume, T.Key(), None);
        }

        await T.World.EnsureOwnedAsync("node2", SampleCluster.Address, T.Key(), None);
        foreach (var service in SampleCluster.Services)
        {
            await T.World.EnsureStartedAsync("node2", service, T.Key(), None);
        }

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Empty(snapshot.Violations);
    }

    [Fact]
    public async Task Software_effects_on_a_down_node_are_refused_as_transient()
    {
        await T.World.FailNodeAsync("node2");

        var error = await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureAgentStoppedAsync("node2", T.Key(), None));

        Assert.True(error.Transient);
    }

    [Fact]
    public async Task Pausing_a_mirroring_mirror_pauses_it_and_pausing_again_is_a_no_op()
    {
        await T.World.SetMirrorStateAsync("node2", MirrorState.Mirroring);

        await T.World.EnsureMirrorPausedAsync("node2", T.Key(), None);
        await T.World.EnsureMirrorPausedAsync("node2", T.Key(), None);

        Assert.Equal(MirrorState.Paused, await T.World.GetMirrorStateAsync("node2", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(MirrorState.Paused, snapshot.Node("node2").Mirror);
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.MirrorPause, "node2", "node2"));
        Assert.Equal(1, snapshot.NoOps[EffectKind.MirrorPause]);
    }

    [Fact]
    public async Task A_resume_starts_a_partial_resync_that_is_mirroring_once_the_resync_time_has_passed()
    {
        await T.World.SetResyncTimeAsync(TimeSpan.FromSeconds(30));
        await T.World.SetMirrorStateAsync("node2", MirrorState.Paused);

        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);

        Assert.Equal(MirrorState.PartialResync, await T.World.GetMirrorStateAsync("node2", None));
        T.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(MirrorState.PartialResync, await T.World.GetMirrorStateAsync("node2", None));
        Assert.Equal(MirrorState.PartialResync, (await T.SnapshotAsync()).Node("node2").Mirror);

        T.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(MirrorState.Mirroring, await T.World.GetMirrorStateAsync("node2", None));
        Assert.Equal(MirrorState.Mirroring, (await T.SnapshotAsync()).Node("node2").Mirror);
        Assert.Equal(MirrorState.Mirroring, await T.OpenAgain().GetMirrorStateAsync("node2", None));
        Assert.Equal(1, (await T.SnapshotAsync()).AppliedCount(EffectKind.MirrorResume, "node2", "node2"));
    }

    [Fact]
    public async Task The_default_resync_time_is_two_seconds()
    {
        await T.World.SetMirrorStateAsync("node2", MirrorState.Paused);
        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);

        T.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(MirrorState.Mirroring, await T.World.GetMirrorStateAsync("node2", None));
    }

    [Fact]
    public async Task A_finished_resync_is_settled_by_the_next_effect_so_a_pause_applies_to_a_mirroring_mirror()
    {
        await T.World.SetMirrorStateAsync("node2", MirrorState.Paused);
        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);
        T.Time.Advance(TimeSpan.FromSeconds(5));

        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);

        var state = await T.Store.ReadAsync(None);
        Assert.Equal(MirrorState.Mirroring, state.Nodes["node2"].Mirror);
        Assert.Null(state.Nodes["node2"].ResyncEndsAt);
        Assert.Equal(1, (await T.SnapshotAsync()).NoOps[EffectKind.MirrorResume]);
    }

    [Theory]
    [InlineData(MirrorState.Mirroring)]
    [InlineData(MirrorState.PartialResync)]
    [InlineData(MirrorState.FullResync)]
    [InlineData(MirrorState.None)]
    public async Task A_resume_of_a_mirror_that_is_not_paused_is_a_no_op(MirrorState mirror)
    {
        await T.World.SetMirrorStateAsync("node2", mirror);

        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);

        Assert.Equal(mirror, await T.World.GetMirrorStateAsync("node2", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.NoOps[EffectKind.MirrorResume]);
        Assert.Equal(0, snapshot.AppliedCount(EffectKind.MirrorResume));
    }

    [Fact]
    public async Task Pausing_the_mirror_of_a_node_on_shared_storage_is_a_no_op()
    {
        await T.World.EnsureMirrorPausedAsync("node2", T.Key(), None);

        Assert.Equal(MirrorState.None, await T.World.GetMirrorStateAsync("node2", None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.NoOps[EffectKind.MirrorPause]);
        Assert.Empty(snapshot.Applied);
    }

    [Fact]
    public async Task Moving_the_hierarchy_onto_a_node_whose_mirror_is_paused_is_a_violation()
    {
        await T.World.SetMirrorStateAsync("node2", MirrorState.Paused);

        await T.SwitchOverAsync("node1", "node2");

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(SampleCluster.Volumes.Length, snapshot.ViolationCounts[WorldInvariant.MoveWithoutMirroring]);
        Assert.StartsWith(
            "MoveWithoutMirroring: volume E of EXCH1 was mounted on node2 while the mirror to node2 was Paused, not mirroring (VolumeMount node2/E, key ",
            snapshot.Violations[0],
            StringComparison.Ordinal);
        Assert.Equal(0, snapshot.ViolationCounts[WorldInvariant.FenceBeforeTakeover]);
        Assert.Equal(MirrorState.Paused, snapshot.Node("node2").Mirror);
    }

    [Theory]
    [InlineData(MirrorState.Mirroring)]
    [InlineData(MirrorState.None)]
    public async Task Moving_the_hierarchy_onto_a_node_that_is_mirroring_or_on_shared_storage_is_no_violation(MirrorState mirror)
    {
        await T.World.SetMirrorStateAsync("node1", MirrorState.Paused);
        await T.World.SetMirrorStateAsync("node2", mirror);

        await T.SwitchOverAsync("node1", "node2");

        var snapshot = await T.SnapshotAsync();
        Assert.Empty(snapshot.Violations);
        Assert.Equal(MirrorState.Paused, snapshot.Node("node1").Mirror); // a mount changes no other mirror
        Assert.Equal(mirror, snapshot.Node("node2").Mirror);
    }

    [Fact]
    public async Task Moving_onto_a_node_whose_resumed_mirror_has_finished_its_resync_is_no_violation()
    {
        await T.World.SetMirrorStateAsync("node2", MirrorState.Paused);
        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);
        T.Time.Advance(TimeSpan.FromSeconds(2));

        await T.SwitchOverAsync("node1", "node2");

        Assert.Empty((await T.SnapshotAsync()).Violations);
    }

    [Fact]
    public async Task Seeding_a_replicated_hierarchy_starts_the_mirror_to_each_of_its_nodes_and_a_reseed_keeps_its_state()
    {
        using var fresh = new TestWorld();
        var definition = SampleCluster.Create(SampleCluster.Exchange() with { Replicated = true });

        await fresh.World.SeedAsync(definition, None);

        var seeded = await fresh.SnapshotAsync();
        Assert.Equal(MirrorState.Mirroring, seeded.Node("node1").Mirror);
        Assert.Equal(MirrorState.Mirroring, seeded.Node("node2").Mirror);
        Assert.Equal(MirrorState.None, seeded.Node("node3").Mirror); // not a node of the hierarchy
        Assert.All(seeded.Nodes, n => Assert.Equal(NodeRecord.DefaultVersion, n.Version));
        Assert.All(seeded.Nodes, n => Assert.True(n.AgentRunning));

        await fresh.World.EnsureMirrorPausedAsync("node2", fresh.Key(), None);
        await fresh.World.SeedAsync(definition, None);

        Assert.Equal(MirrorState.Paused, await fresh.World.GetMirrorStateAsync("node2", None));
    }

    [Fact]
    public async Task Seeding_a_hierarchy_on_shared_storage_leaves_every_mirror_none()
    {
        var snapshot = await T.SnapshotAsync();

        Assert.All(snapshot.Nodes, n => Assert.Equal(MirrorState.None, n.Mirror));
    }

    [Fact]
    public async Task Software_and_mirror_state_survive_a_second_process()
    {
        await T.World.EnsureAgentStoppedAsync("node2", T.Key(), None);
        await T.World.EnsureInstalledAsync("node2", Update, T.Key(), None);
        await T.World.SetMirrorStateAsync("node2", MirrorState.Paused);
        await T.World.SetResyncTimeAsync(TimeSpan.FromSeconds(0.5));
        await T.World.EnsureMirrorResumedAsync("node2", T.Key(), None);

        var again = T.OpenAgain();

        Assert.Equal(Update, await again.InstalledVersionAsync("node2", None));
        Assert.False(await again.IsAgentRunningAsync("node2", None));
        Assert.Equal(MirrorState.PartialResync, await again.GetMirrorStateAsync("node2", None));
        T.Time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(MirrorState.Mirroring, await again.GetMirrorStateAsync("node2", None));
    }
}
