using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Contracts;

/// <summary>
/// Issue 13 point 6: versioned cluster definitions as every provider must keep them — the same text again is a no-op, an
/// earlier text again a new version that says which it repeats, initial placements only where none is, and runners
/// applying at once store one version. Skippable as the other contracts.
/// </summary>
public abstract class ClusterDefinitionStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly NewAuditEntry Audit = new(DateTimeOffset.UnixEpoch, null, "cluster", null, null, null, "Apply", "bob", "applied");
    private static readonly Dictionary<string, string> Places = new() { ["exch1"] = "node1" };

    private (IClusterDefinitionStore Definitions, IAuditJournal Audit, IProcedureStore Procedures)? _stores;

    /// <summary>The provider's stores, on one new, empty, migrated database.</summary>
    protected abstract (IClusterDefinitionStore Definitions, IAuditJournal Audit, IProcedureStore Procedures) OpenStores();

    private IClusterDefinitionStore Store => (_stores ??= OpenStores()).Definitions;

    private IAuditJournal Journal => (_stores ??= OpenStores()).Audit;

    private IProcedureStore Procedures => (_stores ??= OpenStores()).Procedures;

    private static StoredDefinition Definition(string sha, DateTimeOffset at = default) =>
        new() { Sha256 = sha, ClusterName = "c", SourcePath = "/x.yaml", Yaml = "cluster: c", AppliedAt = at, AppliedBy = "bob" };

    [SkippableFact]
    public async Task TheCurrentVersionAlone_IsNullBeforeAnyApply_AndFollowsEveryNewVersion()
    {
        Assert.Null(await Store.GetCurrentVersionAsync(CancellationToken.None));
        await Store.ApplyAsync(Definition("aa", T0), Places, Audit, CancellationToken.None);
        Assert.Equal(1, await Store.GetCurrentVersionAsync(CancellationToken.None));
        await Store.ApplyAsync(Definition("aa", T0), Places, Audit, CancellationToken.None); // the same text: no new version
        Assert.Equal(1, await Store.GetCurrentVersionAsync(CancellationToken.None));
        await Store.ApplyAsync(Definition("bb", T0), Places, Audit, CancellationToken.None);
        Assert.Equal((await Store.GetCurrentAsync(CancellationToken.None))!.Version, await Store.GetCurrentVersionAsync(CancellationToken.None));
        Assert.Equal(2, await Store.GetCurrentVersionAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task ApplyingTheSameDefinitionTwice_IsANoOp_AndADifferentOneIsANewVersion()
    {
        Assert.Equal(new DefinitionApplyResult(1, true), await Store.ApplyAsync(Definition("aa"), Places, Audit, CancellationToken.None));
        Assert.Equal(new DefinitionApplyResult(1, false), await Store.ApplyAsync(Definition("aa"), Places, Audit, CancellationToken.None));
        Assert.Equal(new DefinitionApplyResult(2, true), await Store.ApplyAsync(Definition("bb"), Places, Audit, CancellationToken.None));
        Assert.Equal(2, (await Journal.ListAsync(new AuditQuery(), CancellationToken.None)).Count);
    }

    [SkippableFact]
    public async Task ApplyingAnEarlierDefinitionAgain_StoresANewVersion_ThatSaysWhichItRepeats()
    {
        await Store.ApplyAsync(Definition("aa"), Places, Audit, CancellationToken.None);
        await Store.ApplyAsync(Definition("bb"), Places, Audit, CancellationToken.None);

        Assert.Equal(new DefinitionApplyResult(3, true, 1), await Store.ApplyAsync(Definition("aa"), Places, Audit, CancellationToken.None));

        Assert.Equal(3, (await Store.GetCurrentAsync(CancellationToken.None))!.Version);
        var last = (await Journal.ListAsync(new AuditQuery(), CancellationToken.None))[^1];
        Assert.Contains("the same text as v1", last.Reason, StringComparison.Ordinal);
        Assert.Equal("{\"version\":3,\"repeats\":1}", last.Data);
    }

    [SkippableFact]
    public async Task GetCurrent_IsNullBeforeAnyApply_ThenTheNewestVersion_AsApplied()
    {
        Assert.Null(await Store.GetCurrentAsync(CancellationToken.None));
        await Store.ApplyAsync(Definition("aa", T0), Places, Audit, CancellationToken.None);
        var applied = T0.AddMinutes(5).ToOffset(TimeSpan.FromHours(-5));
        await Store.ApplyAsync(Definition("bb", applied), Places, Audit, CancellationToken.None);

        var current = await Store.GetCurrentAsync(CancellationToken.None);

        Assert.NotNull(current);
        Assert.Equal((2L, "bb", "c", "/x.yaml", "cluster: c", applied, "bob"),
            (current.Version, current.Sha256, current.ClusterName, current.SourcePath, current.Yaml, current.AppliedAt, current.AppliedBy));
    }

    [SkippableFact]
    public async Task InitialPlacements_PlaceOnlyTheHierarchiesNotPlacedYet()
    {
        await Store.ApplyAsync(Definition("aa", T0), new Dictionary<string, string> { ["exch1"] = "node1" }, Audit, CancellationToken.None);
        await Store.ApplyAsync(Definition("bb", T0), new Dictionary<string, string> { ["exch1"] = "node2", ["exch2"] = "node2" }, Audit, CancellationToken.None);

        var placements = await Procedures.GetPlacementsAsync(CancellationToken.None);

        Assert.Equal([new PlacementChange("exch1", "node1"), new PlacementChange("exch2", "node2")], placements.OrderBy(p => p.Hierarchy, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task RemovedHierarchies_LoseTheirPlacementInTheNewVersion_WhateverTheCase_AndAReCreationIsPlacedAfresh()
    {
        await Store.ApplyAsync(Definition("aa", T0), new Dictionary<string, string> { ["exch1"] = "node1", ["exch2"] = "node1" }, Audit, CancellationToken.None);

        var same = await Store.ApplyAsync(Definition("aa", T0), new Dictionary<string, string>(), ["exch1"], Audit, CancellationToken.None);
        Assert.False(same.Changed); // the current text again changes nothing, placements included
        Assert.Equal(2, (await Procedures.GetPlacementsAsync(CancellationToken.None)).Count);

        await Store.ApplyAsync(Definition("bb", T0), new Dictionary<string, string> { ["exch2"] = "node1" }, ["EXCH1"], Audit, CancellationToken.None);
        Assert.Equal([new PlacementChange("exch2", "node1")], await Procedures.GetPlacementsAsync(CancellationToken.None));

        await Store.ApplyAsync(Definition("cc", T0), new Dictionary<string, string> { ["exch1"] = "node2", ["exch2"] = "node1" }, [], Audit, CancellationToken.None);
        var placements = await Procedures.GetPlacementsAsync(CancellationToken.None);
        Assert.Equal([new PlacementChange("exch1", "node2"), new PlacementChange("exch2", "node1")], placements.OrderBy(p => p.Hierarchy, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task RunnersApplyingOneTextAtOnce_StoreOneVersion_AndJournalItOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => Store.ApplyAsync(Definition("aa", T0), Places, Audit, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r.Changed));
        Assert.All(results, r => Assert.Equal(1, r.Version));
        Assert.Single(await Journal.ListAsync(new AuditQuery(), CancellationToken.None));
        Assert.Equal(new AuditVerification(1, null), await Journal.VerifyAsync(CancellationToken.None));
    }
}
