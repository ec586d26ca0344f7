using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

public sealed class WorldCountingTests : SeededWorldTests
{
    [Fact]
    public async Task Ensuring_the_same_state_twice_applies_once_and_counts_one_no_op()
    {
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(2, snapshot.Calls[EffectKind.ServiceStop]);
        Assert.Equal(1, snapshot.NoOps[EffectKind.ServiceStop]);
        Assert.Equal(0, snapshot.Replayed[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task Asking_for_the_state_seeding_already_established_is_a_no_op()
    {
        var state = await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);
        await T.World.EnsureMountedAsync("node1", "E", T.Key(), None);
        await T.World.EnsureOwnedAsync("node1", SampleCluster.Address, T.Key(), None);
        await T.World.EnsureSharedAsync("node1", "Address", T.Key(), None);
        await T.World.EnsureRecordAsync("A", SampleCluster.DnsName, "node1", T.Key(), None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(ServiceState.Running, state);
        Assert.Empty(snapshot.Applied);
        Assert.Equal(5, snapshot.NoOps.Values.Sum());
    }

    [Fact]
    public async Task Repeating_an_effect_with_the_same_key_is_replayed_and_not_applied_again()
    {
        var key = T.Key();
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);
        await T.World.EnsureStartedAsync("node1", "MSExchangeIS", T.Key(), None);

        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(1, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(0, snapshot.NoOps[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task A_replayed_start_reports_the_current_state_of_the_service()
    {
        var key = T.Key();
        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", T.Key(), None);
        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", key, None));

        Assert.Equal(ServiceState.Running, await T.World.EnsureStartedAsync("node1", "MSExchangeIS", key, None));
        Assert.Equal(1, (await T.SnapshotAsync()).Replayed[EffectKind.ServiceStart]);
    }

    [Fact]
    public async Task One_key_may_cover_the_same_kind_of_effect_on_several_targets()
    {
        var key = T.Key();
        foreach (var service in SampleCluster.Services)
        {
            await T.World.EnsureStoppedAsync("node1", service, key, None);
        }

        var snapshot = await T.SnapshotAsync();
        Assert.All(SampleCluster.Services, s => Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", s)));
        Assert.Equal(3, snapshot.AppliedCount(EffectKind.ServiceStop));
        Assert.Equal(0, snapshot.Replayed[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task A_failed_call_records_no_key_so_a_retry_with_the_same_key_applies()
    {
        var key = T.Key();
        await T.World.FailNextAsync(EffectKind.ServiceStop, "MSExchangeIS", 1);
        await Assert.ThrowsAsync<EnvironmentException>(() => T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None));

        await T.World.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);

        var snapshot = await T.SnapshotAsync();
        Assert.Equal(1, snapshot.Failed[EffectKind.ServiceStop]);
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(0, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(2, snapshot.Calls[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task Applied_counters_are_keyed_by_kind_node_and_target()
    {
        await T.SwitchOverAsync("node1", "node2");
        await T.World.EnsureRemovedAsync("node1", "Address", T.Key(), None);
        await T.World.EnsureSharedAsync("node2", "Address", T.Key(), None);
        await T.World.EnsureRecordAsync("PTR", "50.0.0.10.in-addr.arpa", "node2", T.Key(), None);

        var applied = (await T.SnapshotAsync()).Applied;
        string[] expected =
        [
            "AddressAcquire:node2/10.0.0.50",
            "AddressRelease:node1/10.0.0.50",
            "DnsUpdate:node2/PTR 50.0.0.10.in-addr.arpa",
            "ServiceStart:node2/MSExchangeIS",
            "ServiceStart:node2/MSExchangeMTA",
            "ServiceStart:node2/MSExchangeSA",
            "ServiceStop:node1/MSExchangeIS",
            "ServiceStop:node1/MSExchangeMTA",
            "ServiceStop:node1/MSExchangeSA",
            "ShareCreate:node2/Address",
            "ShareRemove:node1/Address",
            "VolumeMount:node2/E",
            "VolumeMount:node2/F",
            "VolumeUnmount:node1/E",
            "VolumeUnmount:node1/F",
        ];
        Assert.Equal(expected, applied.Keys.Order(StringComparer.Ordinal));
        Assert.All(applied.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Every_kind_has_a_counter_even_before_it_is_called()
    {
        var snapshot = await T.SnapshotAsync();

        foreach (var kind in Enum.GetValues<EffectKind>())
        {
            Assert.Equal(0, snapshot.Calls[kind]);
            Assert.Equal(0, snapshot.Failed[kind]);
        }
    }
}
