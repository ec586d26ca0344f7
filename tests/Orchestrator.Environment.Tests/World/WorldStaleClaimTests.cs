using Microsoft.Extensions.Time.Testing;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>Issue 12: the world refuses an effect whose claim token is lower than the one it accepted for that effect.</summary>
public sealed class WorldStaleClaimTests : IDisposable
{
    private readonly TestWorld t = new();

    public static TheoryData<string> Stores => new() { "sqlite", "memory" };

    public void Dispose() => t.Dispose();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_lower_token_after_a_higher_one_is_refused_as_stale_counted_and_changes_nothing(string store)
    {
        var world = await SeededAsync(store);
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 2), None);
        await world.EnsureStartedAsync("node1", "MSExchangeIS", new EffectKey(8, 1, 1), None); // the world moves on
        var before = await world.SnapshotAsync(None);

        var refused = await Assert.ThrowsAsync<StaleClaimException>(
            () => world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 1), None));

        Assert.False(refused.Transient);
        Assert.Equal("fenced: stale claim token 1 (accepted: 2) for ServiceStop of MSExchangeIS on node1", refused.Message);
        var after = await world.SnapshotAsync(None);
        Assert.Equal(ServiceState.Running, after.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, after.Fenced[EffectKind.ServiceStop]);
        Assert.Equal(before.Applied, after.Applied);
        Assert.Equal(before.Replayed[EffectKind.ServiceStop], after.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(before.Failed[EffectKind.ServiceStop], after.Failed[EffectKind.ServiceStop]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_equal_or_higher_token_is_a_replay_and_raises_the_token_the_world_accepts(string store)
    {
        var world = await SeededAsync(store);
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 1), None);

        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 1), None);
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 3), None);
        var stale = await Assert.ThrowsAsync<StaleClaimException>(
            () => world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 2), None));

        Assert.Contains("stale claim token 2 (accepted: 3)", stale.Message, StringComparison.Ordinal);
        var snapshot = await world.SnapshotAsync(None);
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(2, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(1, snapshot.Fenced[EffectKind.ServiceStop]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Token_zero_keys_are_never_fenced(string store)
    {
        var world = await SeededAsync(store);
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 5), None);

        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1), None); // not issued by a claim
        await world.EnsureStoppedAsync("node1", "MSExchangeMTA", new EffectKey(0, 1, 1), None);
        await world.EnsureStoppedAsync("node1", "MSExchangeMTA", new EffectKey(0, 1, 1), None);

        var snapshot = await world.SnapshotAsync(None);
        Assert.Equal(2, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(0, snapshot.Fenced[EffectKind.ServiceStop]);
    }

    [Fact]
    public async Task The_accepted_token_survives_a_restart_of_the_sqlite_world()
    {
        await t.World.SeedAsync(SampleCluster.Create(), None);
        await t.World.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 1), None);
        await t.OpenAgain().EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 4), None);

        var stale = await Assert.ThrowsAsync<StaleClaimException>(
            () => t.OpenAgain().EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 3), None));

        Assert.Contains("stale claim token 3 (accepted: 4)", stale.Message, StringComparison.Ordinal);
    }

    private async Task<SimulatedWorld> SeededAsync(string store)
    {
        var world = store == "sqlite" ? t.World : new SimulatedWorld(new InMemoryWorldStateStore(), new FakeTimeProvider(t.Time.GetUtcNow()));
        await world.SeedAsync(SampleCluster.Create(), None);
        return world;
    }

    private static CancellationToken None => CancellationToken.None;
}
