using Orchestrator.Storage.Fencing;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 14 point 3: fenced nodes as every provider must keep them — one per node whatever the case of its name, a newer
/// fence replacing the row, and an end that removes only the fence it names. Skippable as the other contracts.
/// </summary>
public abstract class FencedNodeStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private IFencedNodeStore? _store;

    /// <summary>The provider's store, on one new, empty, migrated database.</summary>
    protected abstract IFencedNodeStore OpenStore();

    private IFencedNodeStore Store => _store ??= OpenStore();

    [SkippableFact]
    public async Task AFence_IsReadBack_WhateverTheCaseOfTheNode_AndANewerOneReplacesIt()
    {
        Assert.Null(await Store.GetAsync("node1", CancellationToken.None));

        await Store.RecordAsync("node1", "12:4:2", T0, CancellationToken.None);
        var first = await Store.GetAsync("NODE1", CancellationToken.None);
        await Store.RecordAsync("Node1", "15:4:1", T0.AddMinutes(3), CancellationToken.None);
        var newer = await Store.GetAsync("node1", CancellationToken.None);

        Assert.Equal(("12:4:2", T0), (first?.EffectKey, first?.FencedAt));
        Assert.Equal(("15:4:1", T0.AddMinutes(3)), (newer?.EffectKey, newer?.FencedAt));
        Assert.Null(await Store.GetAsync("node2", CancellationToken.None));
    }

    [SkippableFact]
    public async Task TheEndOfAFence_RemovesOnlyTheFenceItNames()
    {
        await Store.RecordAsync("node1", "15:4:1", T0, CancellationToken.None);

        var stale = await Store.ClearAsync("node1", "12:4:2", CancellationToken.None); // an older fence's end: the newer one stays
        var stillFenced = await Store.GetAsync("node1", CancellationToken.None);
        var ended = await Store.ClearAsync("NODE1", "15:4:1", CancellationToken.None);

        Assert.False(stale);
        Assert.NotNull(stillFenced);
        Assert.True(ended);
        Assert.Null(await Store.GetAsync("node1", CancellationToken.None));
    }
}
