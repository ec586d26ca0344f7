using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 13 point 6: switchback holds as every provider must keep them — one per hierarchy whatever the case of its
/// name, released only by the procedure that holds it. Skippable as the other contracts.
/// </summary>
public abstract class SwitchbackHoldStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private (ISwitchbackHoldStore Holds, IProcedureStore Procedures)? _stores;

    /// <summary>The provider's stores, on one new, empty, migrated database.</summary>
    protected abstract (ISwitchbackHoldStore Holds, IProcedureStore Procedures) OpenStores();

    private ISwitchbackHoldStore Store => (_stores ??= OpenStores()).Holds;

    private async Task<long> ProcedureAsync(string hierarchy) => await (_stores ??= OpenStores()).Procedures.CreateAsync(
        new NewProcedure("test", hierarchy, "A", "node1", "node2", "alice", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10)],
        new NewAuditEntry(T0, null, "test", hierarchy, null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [SkippableFact]
    public async Task ListHeld_HasEveryHeldHierarchy_KeyedIgnoringCase_AndNotTheReleasedOnes()
    {
        await Store.HoldAsync("exch1", "intelligent", await ProcedureAsync("exch1"), T0, CancellationToken.None);
        var released = await ProcedureAsync("exch2");
        await Store.HoldAsync("exch2", "intelligent", released, T0, CancellationToken.None);
        await Store.HoldAsync("exch3", "automatic", await ProcedureAsync("exch3"), T0, CancellationToken.None);
        await Store.ReleaseAsync("exch2", released, CancellationToken.None);

        var held = await Store.ListHeldAsync(CancellationToken.None);

        Assert.Equal(2, held.Count);
        Assert.Equal(("intelligent", "automatic"), (held["EXCH1"], held["exch3"]));
    }

    [SkippableFact]
    public async Task AHold_IsOnePerHierarchyWhateverTheCase_TheNewestProceduresWins_AndOnlyItCanRelease()
    {
        var first = await ProcedureAsync("move1");
        var second = await ProcedureAsync("move2");
        Assert.Null(await Store.HeldAsync("exch1", CancellationToken.None));

        await Store.HoldAsync("exch1", "intelligent", first, T0, CancellationToken.None);
        await Store.HoldAsync("exch1", "intelligent", first, T0.AddMinutes(1), CancellationToken.None); // the same hold again
        await Store.HoldAsync("EXCH1", "automatic", second, T0.AddMinutes(2), CancellationToken.None);
        Assert.Equal("automatic", await Store.HeldAsync("Exch1", CancellationToken.None));
        Assert.Single(await Store.ListHeldAsync(CancellationToken.None));

        await Store.ReleaseAsync("exch1", first, CancellationToken.None); // no longer its hold: nothing changes
        Assert.Equal("automatic", await Store.HeldAsync("exch1", CancellationToken.None));

        await Store.ReleaseAsync("exch1", second, CancellationToken.None);
        Assert.Null(await Store.HeldAsync("EXCH1", CancellationToken.None));
        Assert.Empty(await Store.ListHeldAsync(CancellationToken.None));
    }
}
