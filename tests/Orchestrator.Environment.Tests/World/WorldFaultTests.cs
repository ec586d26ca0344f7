using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldFaultTests : SeededWorldTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_service_with_a_start_delay_is_starting_until_the_delay_has_passed()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        await T.World.SetStartDelayAsync("MSExchangeIS", TimeSpan.FromSeconds(30));

        Assert.Equal(ServiceState.Starting, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None));
        T.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(ServiceState.Starting, await T.World.GetStateAsync("node1", "MSExchangeIS", None));
        Assert.Equal(ServiceState.Starting, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None));
        Assert.Empty((await T.SnapshotAsync()).InServiceNodes(SampleCluster.Hierarchy));

        T.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ServiceState.Running, await T.World.GetStateAsync("node1", "MSExchangeIS", None));
        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(["node1"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.ServiceStart, "node1", "MSExchangeIS"));
        Assert.Equal(2, snapshot.NoOps[EffectKind.ServiceStart]);
    }

    [Fact]
    public async Task The_transition_to_running_is_persisted_for_other_readers_of_the_file()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        await T.World.SetStartDelayAsync("MSExchangeIS", TimeSpan.FromSeconds(5));
        await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);
        T.Time.Advance(TimeSpan.FromSeconds(5));

        await T.World.GetStateAsync("node1", "MSExchangeIS", None);

        var stored = await T.Store.ReadAsync(None);
        Assert.Equal(ServiceState.Running, stored.Nodes["node1"].Services["MSExchangeIS"].State);
    }

    [Fact]
    public async Task Fail_next_fails_exactly_the_next_n_calls_of_that_kind()
    {
        await T.World.FailNextAsync(EffectKind.VolumeUnmount, null, 2);

        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<EnvironmentException>(
                () => T.World.EnsureUnmountedAsync("node2", "E", T.Key(), None));
            Assert.True(error.Transient);
        }

        await T.World.EnsureUnmountedAsync("node2", "E", T.Key(), None);
        await T.World.EnsureStoppedAsync("node2", "MSExchangeIS", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(2, snapshot.Failed[EffectKind.VolumeUnmount]);
        Assert.Equal(1, snapshot.NoOps[EffectKind.VolumeUnmount]);
        Assert.Equal(3, snapshot.Calls[EffectKind.VolumeUnmount]);
        Assert.Equal(0, snapshot.Failed[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task Fail_next_with_a_target_only_fails_calls_on_that_target()
    {
        await T.World.FailNextAsync(EffectKind.ShareRemove, "node1/Resources$", 1);

        await T.World.EnsureRemovedAsync("node1", "Address", T.Key(), None);
        await T.World.EnsureRemovedAsync("node2", "Resources$", T.Key(), None);
        await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureRemovedAsync("node1", "Resources$", T.Key(), None));
        await T.World.EnsureRemovedAsync("node1", "Resources$", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.ShareRemove]);
        Assert.Equal(2, snapshot.AppliedCount(EffectKind.ShareRemove));
    }

    [Fact]
    public async Task A_failed_service_cannot_start_on_its_node_until_its_fault_is_cleared()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.World.FailServiceAsync("node2", "MSExchangeIS");

        Assert.Equal(ServiceState.Failed, await T.World.GetStateAsync("node2", "MSExchangeIS", None));
        var error = await Assert.ThrowsAsync<EnvironmentException>(
            () => T.World.EnsureStartedAsync("node2", "MSExchangeIS", T.Key(), None));
        Assert.True(error.Transient);
        Assert.Contains("MSExchangeIS", error.Message, StringComparison.Ordinal);
        Assert.Equal(ServiceState.Failed, await T.World.GetStateAsync("node2", "MSExchangeIS", None));
        Assert.Empty((await T.SnapshotAsync()).InServiceNodes(SampleCluster.Hierarchy));

        await T.World.ClearServiceFaultAsync("node2", "MSExchangeIS");

        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node2", "MSExchangeIS", T.Key(), None));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.ServiceStart]);
        Assert.Equal(["node2"], snapshot.InServiceNodes(SampleCluster.Hierarchy));
    }

    [Fact]
    public async Task A_service_fault_on_one_node_does_not_affect_the_service_on_another_node()
    {
        await T.World.FailServiceAsync("node2", "MSExchangeIS");

        Assert.Equal(ServiceState.Running, await T.World.GetStateAsync("node1", "MSExchangeIS", None));
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None));
    }

    [Fact]
    public async Task Latency_holds_the_effect_back_until_the_clock_has_advanced()
    {
        await T.World.SetLatencyAsync(EffectKind.VolumeUnmount, TimeSpan.FromSeconds(2));

        var unmount = T.World.EnsureUnmountedAsync("node2", "E", T.Key(), None);
        Assert.False(unmount.IsCompleted);
        Assert.Equal(0, (await T.SnapshotAsync()).Calls[EffectKind.VolumeUnmount]);

        T.Time.Advance(TimeSpan.FromSeconds(2));
        await unmount.WaitAsync(Patience);

        Assert.Equal(1, (await T.SnapshotAsync()).Calls[EffectKind.VolumeUnmount]);
    }

    [Fact]
    public async Task A_call_waiting_out_its_latency_can_be_cancelled_and_then_changes_nothing()
    {
        await T.World.SetLatencyAsync(EffectKind.ServiceStop, TimeSpan.FromMinutes(1));
        using var cancellation = new CancellationTokenSource();

        var stop = T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stop.WaitAsync(Patience));
        var snapshot = await T.SnapshotAsync();
        Assert.Equal(0, snapshot.Calls[EffectKind.ServiceStop]);
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
    }

    [Fact]
    public async Task Clear_faults_removes_every_injected_fault_latency_and_start_delay()
    {
        await T.World.FailNextAsync(EffectKind.ServiceStop, null, 5);
        await T.World.FailServiceAsync("node1", "MSExchangeSA");
        await T.World.SetLatencyAsync(EffectKind.ServiceStart, TimeSpan.FromHours(1));
        await T.World.SetStartDelayAsync("MSExchangeIS", TimeSpan.FromHours(1));

        await T.World.ClearFaultsAsync();

        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeSA", T.Key(), None).WaitAsync(Patience));
        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None).WaitAsync(Patience));
        Assert.Equal(0, (await T.SnapshotAsync()).Failed.Values.Sum());
    }
}
