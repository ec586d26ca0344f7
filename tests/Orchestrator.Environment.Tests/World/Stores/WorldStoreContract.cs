using Microsoft.Extensions.Time.Testing;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// What every shared world store promises, whatever holds it (a SQLite file, the product's PostgreSQL database): an
/// update is atomic and serialised against every other store instance (a second instance is a second process), a
/// throwing mutation changes nothing, the ledger's replays and stale tokens are counted across instances, faults and
/// latencies are shared, names ignore case, and the observation mark moves with every commit and only then.
/// </summary>
public abstract class WorldStoreContract : IDisposable
{
    private const int Tasks = 6;
    private const int IncrementsPerTask = 25;
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly List<IDisposable> opened = [];
    private int nextStep;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A new store instance on the shared world (as another process would open it).</summary>
    protected abstract IWorldStateStore CreateStore();

    /// <summary>The public folders beside <paramref name="store"/>'s world (a store from <see cref="CreateStore"/>).</summary>
    protected abstract SimulatedPublicFolders PublicFolders(IWorldStateStore store, SimulatedWorld world);

    public void Dispose()
    {
        foreach (var store in opened)
        {
            store.Dispose();
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    [SkippableFact]
    public async Task The_world_seeded_through_one_store_is_read_changed_and_counted_through_another()
    {
        var world = await SeededAsync();
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", Key(), None);
        await world.EnsureUnmountedAsync("node2", "E", Key(), None); // not mounted there: a no-op, counted
        await world.FailNodeAsync("node3", None);

        var other = Open();
        var snapshot = await other.SnapshotAsync(None);
        Assert.False(snapshot.Node("node3").Up);
        Assert.Equal(ServiceState.Stopped, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeMTA"));
        Assert.Equal("node1", await other.GetMountedNodeAsync("E", None));
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(1, snapshot.NoOps[EffectKind.VolumeUnmount]);
    }

    /// <summary>Issue 15: the version a world was seeded from lives in the world, so every process (and a restarted one) reads it.</summary>
    [SkippableFact]
    public async Task The_definition_version_the_world_was_seeded_from_is_kept_in_the_world_and_read_through_another_store()
    {
        var world = await SeededAsync();
        Assert.Null(await world.SeededDefinitionVersionAsync(None));

        await world.RecordSeededDefinitionAsync(3, None);
        Assert.Equal(3, await Open().SeededDefinitionVersionAsync(None));
        await Open().RecordSeededDefinitionAsync(12, None);

        Assert.Equal(12, await world.SeededDefinitionVersionAsync(None));
        Assert.Equal(12, (await CreateTracked().ReadAsync(None)).SeededDefinitionVersion); // a whole copy carries it
        Assert.True((await Open().SnapshotAsync(None)).Node("node1").Up); // beside the rest of the world, which it leaves alone
    }

    [SkippableFact]
    public async Task Name_lookups_ignore_case_and_a_whole_read_is_a_copy()
    {
        await SeededAsync();

        var state = await CreateTracked().ReadAsync(None);
        state.Volumes["E"].MountedOn = "node3";

        Assert.True(state.Nodes.ContainsKey("NODE1"));
        Assert.True(state.Nodes["Node1"].Services.ContainsKey("msexchangeis"));
        Assert.Equal("node1", await Open().GetMountedNodeAsync("e", None));
    }

    [SkippableFact]
    public async Task A_mutation_that_throws_changes_nothing_and_records_no_effect()
    {
        await SeededAsync();
        var store = CreateTracked();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync<bool>(
            s =>
            {
                s.Volumes["E"].MountedOn = null;
                s.Counters.Calls["test"] = 99;
                s.Faults.FailNext.Add(new FailNextRule { Kind = EffectKind.ServiceStop, Remaining = 1 });
                throw new InvalidOperationException("boom");
            },
            None));

        var world = Open();
        Assert.Equal("node1", await world.GetMountedNodeAsync("E", None));
        Assert.Equal(0, await CreateTracked().ReadAsync(s => s.Counters.Calls.GetValueOrDefault("test"), None));
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", Key(), None); // no fault was left to fail it
        Assert.Equal(0, (await world.SnapshotAsync(None)).Failed[EffectKind.ServiceStop]);
    }

    [SkippableFact]
    public async Task Concurrent_updates_through_several_store_instances_lose_nothing()
    {
        CreateTracked(); // the shared world exists before the writers start
        var workers = Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
        {
            var store = CreateTracked();
            for (var n = 0; n < IncrementsPerTask; n++)
            {
                await store.UpdateAsync(s => s.Counters.Calls["test"] = s.Counters.Calls.GetValueOrDefault("test") + 1, None);
            }
        }));

        await Task.WhenAll(workers);

        Assert.Equal(Tasks * IncrementsPerTask, await CreateTracked().ReadAsync(s => s.Counters.Calls["test"], None));
    }

    [SkippableFact]
    public async Task Concurrent_effects_through_several_worlds_are_all_counted()
    {
        await SeededAsync();
        var workers = Enumerable.Range(0, Tasks).Select(i => Task.Run(async () =>
        {
            var world = Open();
            for (var n = 0; n < IncrementsPerTask; n++)
            {
                await world.EnsureMountedAsync("node1", "E", new EffectKey(i + 1, n + 1, 1), None);
            }
        }));

        await Task.WhenAll(workers);

        var snapshot = await Open().SnapshotAsync(None);
        Assert.Equal(Tasks * IncrementsPerTask, snapshot.Calls[EffectKind.VolumeMount]);
        Assert.Equal(Tasks * IncrementsPerTask, snapshot.NoOps[EffectKind.VolumeMount]);
    }

    [SkippableFact]
    public async Task An_effect_applied_through_one_store_is_a_counted_replay_through_another()
    {
        var world = await SeededAsync();
        var key = new EffectKey(42, 3, 1);
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", key, None);
        await world.EnsureStartedAsync("node1", "MSExchangeIS", Key(), None);

        await Open().EnsureStoppedAsync("node1", "MSExchangeIS", key, None);
        await Open().EnsureStoppedAsync("node1", "MSExchangeIS", key, None);

        var snapshot = await Open().SnapshotAsync(None);
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
        Assert.Equal(2, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal("ServiceStop:node1/MSExchangeIS=2", string.Join(", ", snapshot.ReplayedKeys.Select(r => $"{r.Key}={r.Value}")));
    }

    [SkippableFact]
    public async Task A_stale_token_is_refused_through_another_store_counted_and_changes_nothing()
    {
        var world = await SeededAsync();
        await world.EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 1), None);
        await Open().EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 3), None); // a replay raises the token
        await world.EnsureStartedAsync("node1", "MSExchangeIS", new EffectKey(8, 1, 1), None);

        var refused = await Assert.ThrowsAsync<StaleClaimException>(
            () => Open().EnsureStoppedAsync("node1", "MSExchangeIS", new EffectKey(7, 3, 1, FencingToken: 2), None));

        Assert.Equal("fenced: stale claim token 2 (accepted: 3) for ServiceStop of MSExchangeIS on node1", refused.Message);
        var snapshot = await Open().SnapshotAsync(None);
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node1", "MSExchangeIS"));
        Assert.Equal(1, snapshot.Fenced[EffectKind.ServiceStop]);
        Assert.Equal(1, snapshot.Replayed[EffectKind.ServiceStop]);
        Assert.Equal(1, snapshot.Applied["ServiceStop:node1/MSExchangeIS"]);
    }

    [SkippableFact]
    public async Task Faults_and_latencies_set_through_one_store_act_through_another_until_cleared()
    {
        var world = await SeededAsync();
        await world.FailNextAsync(EffectKind.VolumeUnmount, "E", 1, None);
        await world.SetLatencyAsync(EffectKind.ServiceStart, TimeSpan.FromSeconds(2), None);

        var other = Open();
        Assert.Equal(TimeSpan.FromSeconds(2), await other.LatencyOfAsync(EffectKind.ServiceStart, None));
        Assert.Equal(TimeSpan.Zero, await other.LatencyOfAsync(EffectKind.ServiceStop, None));
        var failed = await Assert.ThrowsAsync<EnvironmentException>(() => other.EnsureUnmountedAsync("node2", "E", Key(), None));
        Assert.True(failed.Transient);
        await other.EnsureUnmountedAsync("node2", "E", Key(), None);

        await Open().ClearFaultsAsync(None);
        Assert.Equal(TimeSpan.Zero, await world.LatencyOfAsync(EffectKind.ServiceStart, None));
        var snapshot = await Open().SnapshotAsync(None);
        Assert.Equal(1, snapshot.Failed[EffectKind.VolumeUnmount]);
        Assert.Equal(2, snapshot.Calls[EffectKind.VolumeUnmount]);
    }

    [SkippableFact]
    public async Task The_observation_mark_moves_with_a_commit_through_any_store_and_only_then()
    {
        var world = await SeededAsync();
        var first = await world.ObservationMarkAsync(None);
        Assert.NotNull(first);

        await Open().SnapshotAsync(None);
        Assert.Equal(first, await world.ObservationMarkAsync(None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => CreateTracked().UpdateAsync<bool>(_ => throw new InvalidOperationException("boom"), None));
        Assert.Equal(first, await world.ObservationMarkAsync(None));

        await Open().FailNodeAsync("node3", None);
        Assert.NotEqual(first, await world.ObservationMarkAsync(None));
    }

    [SkippableFact]
    public async Task Public_folders_seeded_through_one_store_are_moved_and_counted_through_another()
    {
        await SeededAsync();
        Assert.Equal(3, await Folders().SeedAsync(3, ["node1", "NODE2"], cancellationToken: None));
        Assert.Equal(0, await Folders().SeedAsync(2, ["node1"], cancellationToken: None));

        var results = await Folders().EnsureReplicaMovedAsync("node2", [Folder(1), Folder(2).ToUpperInvariant(), "Public Folders/Nope"], "NODE1", "node3", None);

        Assert.Equal(
            [FolderWriteOutcome.Changed, FolderWriteOutcome.Changed, FolderWriteOutcome.Failed],
            results.Select(r => r.Outcome));
        Assert.Equal("no public folder named Public Folders/Nope", results[2].Error);
        var other = Folders();
        Assert.Equal([Folder(3)], await other.FoldersListingAsync("node1", None));
        Assert.Equal([Folder(1), Folder(2), Folder(3)], await other.FoldersListingAsync("node2", None));
        Assert.Equal(["node2", "node3"], await other.ReplicasOfAsync(Folder(1).ToLowerInvariant(), None));
        Assert.Null(await other.ReplicasOfAsync("Public Folders/Nope", None));
        var summary = await other.SummaryAsync(None);
        Assert.Equal((3, 2, 2, 0, 0), (summary.Folders, summary.Writes, summary.Changes, summary.Failures, summary.FoldersWithoutReplica));
        Assert.Equal(3, summary.PerServer["NODE2"]);
        Assert.Equal(2, summary.PerServer["node3"]);
    }

    [SkippableFact]
    public async Task A_folder_fault_set_through_one_store_fails_its_writes_through_another_until_cleared()
    {
        await SeededAsync();
        await Folders().SeedAsync(7, ["node1"], cancellationToken: None);
        await Folders().FailFolderAsync(Folder(2), 1, None);
        var unknown = await Assert.ThrowsAsync<UnknownWorldObjectException>(() => Folders().FailFolderAsync("Public Folders/Nope", 1, None));
        Assert.Contains($"{Folder(1)}, {Folder(2)}", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("and 2 more", unknown.Message, StringComparison.Ordinal);

        var failed = await Folders().EnsureReplicaMovedAsync("node1", [Folder(2)], "node1", "node2", None);
        var written = await Folders().EnsureReplicaMovedAsync("node1", [Folder(2)], "node1", "node2", None);
        await Folders().FailFolderAsync(Folder(3), -1, None);
        Assert.Equal(1, (await Folders().SummaryAsync(None)).FoldersWithFault);
        await Folders().ClearFolderFaultsAsync(None);

        Assert.Equal(FolderWriteOutcome.Failed, Assert.Single(failed).Outcome);
        Assert.Equal(FolderWriteOutcome.Changed, Assert.Single(written).Outcome);
        var summary = await Folders().SummaryAsync(None);
        Assert.Equal((2L, 1L, 1L, 1, 0), (summary.Writes, summary.Changes, summary.Failures, summary.FoldersWrittenMoreThanOnce, summary.FoldersWithFault));
    }

    [SkippableFact]
    public async Task Hierarchy_administration_made_through_one_store_is_read_through_another()
    {
        var world = await SeededAsync();
        await world.SetStoreNamesAsync("node3", "EXCH2", ["SG3"], [], [], None);
        await world.SetExchangeDataAsync("node3", "EXCH2", new ExchangeDataPaths("D:", "H:\\mdbdata", null, null, null), None);
        await world.AddVolumeAsync("H", "node3", unprotected: true, unmounted: false, None);
        await world.RenameStoreAsync("EXCH1", new Orchestrator.Domain.Administration.StoreRename("node2", "storage group", "First Storage Group", "SG-B"), Key(), None);
        await world.ExtendAsync("node3", SampleCluster.Exchange(), Key(), None);
        await world.SeedUsersAsync([("alice", "contoso", "node2")], None);
        await world.DeleteAsync("EXCH1", "node2", "node1", Key(), None);

        var other = Open();
        Assert.Equal(["SG3"], (await other.ReadStoreNamesAsync("node3", "exch2", None))!.StorageGroups);
        Assert.Equal(["SG-B"], (await other.ReadStoreNamesAsync("node2", "EXCH1", None))!.StorageGroups);
        var reading = await other.ReadExchangeDataAsync("node3", "EXCH2", None);
        Assert.Equal(("D:", "H  True"), (reading!.SystemDrive, reading.Volumes.Select(v => $"{v.Volume} {v.Resource} {v.InService}").Single()));
        Assert.Empty(await other.HierarchyNodesAsync("EXCH1", None));
        Assert.Equal("EXCH1 node2 node1", (await other.DeletedOnBackupAsync(None)).Select(p => $"{p.Hierarchy} {p.Node} {p.PrimaryNode}").Single());
        var snapshot = await other.SnapshotAsync(None);
        Assert.Equal((1L, 1L, 1L), (snapshot.AppliedCount(EffectKind.StoreRename), snapshot.AppliedCount(EffectKind.HierarchyExtend), snapshot.AppliedCount(EffectKind.HierarchyDelete)));
    }

    private static string Folder(int i) => $"{SimulatedPublicFolders.DefaultPrefix}{i:D6}";

    /// <summary>The public folders through a new store instance and world.</summary>
    private SimulatedPublicFolders Folders()
    {
        var store = CreateTracked();
        return PublicFolders(store, new SimulatedWorld(store, Time));
    }

    /// <summary>A world on a new store instance, seeded with the sample cluster (EXCH1 on node1).</summary>
    private async Task<SimulatedWorld> SeededAsync()
    {
        var world = Open();
        await world.SeedAsync(SampleCluster.Create(), None);
        return world;
    }

    private SimulatedWorld Open() => new(CreateTracked(), Time);

    private IWorldStateStore CreateTracked()
    {
        var store = CreateStore();
        if (store is IDisposable disposable)
        {
            opened.Add(disposable);
        }

        return store;
    }

    private EffectKey Key() => new(1, Interlocked.Increment(ref nextStep), 1);
}
