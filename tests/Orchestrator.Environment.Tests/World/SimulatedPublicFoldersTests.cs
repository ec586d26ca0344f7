using System.Diagnostics;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Xunit.Abstractions;

namespace Orchestrator.Environment.Tests.World;

public sealed class SimulatedPublicFoldersTests(ITestOutputHelper output) : SeededWorldTests
{
    private static readonly string[] Both = ["node1", "node2"];
    private static readonly string[] OnNode1 = ["node1"];

    private SimulatedPublicFolders? folders;

    private SimulatedPublicFolders Folders => folders ??= new SimulatedPublicFolders(T.Store, T.World, T.Time);

    private static string Folder(int i) => $"{SimulatedPublicFolders.DefaultPrefix}{i:D6}";

    private static string[] FoldersFrom(int first, int count) => [.. Enumerable.Range(first, count).Select(Folder)];

    private Task<IReadOnlyList<FolderWriteResult>> MoveAsync(params string[] names) =>
        Folders.EnsureReplicaMovedAsync("node2", names, "node1", "node2", None);

    [Fact]
    public async Task Seeded_folders_are_listed_by_every_seeded_server_in_name_order()
    {
        Assert.Equal(3, await Folders.SeedAsync(3, Both, cancellationToken: None));

        Assert.Equal(FoldersFrom(1, 3), await Folders.FoldersListingAsync("node1", None));
        Assert.Equal(FoldersFrom(1, 3), await Folders.FoldersListingAsync("NODE2", None));
        Assert.Empty(await Folders.FoldersListingAsync("node3", None));
        Assert.Equal(Both, await Folders.ReplicasOfAsync(Folder(2), None));
    }

    [Fact]
    public async Task Seeding_again_creates_only_the_missing_folders_and_keeps_existing_lists()
    {
        await Folders.SeedAsync(2, OnNode1, cancellationToken: None);
        await MoveAsync(Folder(1));

        Assert.Equal(0, await Folders.SeedAsync(2, Both, cancellationToken: None));
        Assert.Equal(3, await Folders.SeedAsync(5, Both, cancellationToken: None));

        Assert.Equal(["node2"], await Folders.ReplicasOfAsync(Folder(1), None));
        Assert.Equal(OnNode1, await Folders.ReplicasOfAsync(Folder(2), None));
        Assert.Equal(Both, await Folders.ReplicasOfAsync(Folder(5), None));
        Assert.Equal(5, (await Folders.SummaryAsync(None)).Folders);
    }

    [Fact]
    public async Task Seeding_with_a_server_the_world_does_not_know_creates_nothing()
    {
        var error = await Assert.ThrowsAsync<UnknownWorldObjectException>(
            () => Folders.SeedAsync(3, ["node1", "exch9"], cancellationToken: None));

        Assert.Contains("exch9", error.Message, StringComparison.Ordinal);
        Assert.Contains("node1, node2, node3", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Folders.SummaryAsync(None)).Folders);
    }

    [Fact]
    public async Task A_move_changes_the_lists_and_counts_one_write_and_one_change_per_folder()
    {
        await Folders.SeedAsync(3, OnNode1, cancellationToken: None);

        var results = await MoveAsync(FoldersFrom(1, 3));

        Assert.All(results, r => Assert.Equal(FolderWriteOutcome.Changed, r.Outcome));
        Assert.Equal(FoldersFrom(1, 3), results.Select(r => r.Folder));
        Assert.Empty(await Folders.FoldersListingAsync("node1", None));
        Assert.Equal(FoldersFrom(1, 3), await Folders.FoldersListingAsync("node2", None));
        Assert.Equal(["node2"], await Folders.ReplicasOfAsync(Folder(3).ToUpperInvariant(), None));
        var summary = await Folders.SummaryAsync(None);
        Assert.Equal((3, 3, 0), (summary.Writes, summary.Changes, summary.Failures));
    }

    [Fact]
    public async Task Redoing_a_move_is_already_correct_and_counts_a_write_but_no_change()
    {
        await Folders.SeedAsync(2, OnNode1, cancellationToken: None);
        await MoveAsync(FoldersFrom(1, 2));

        var again = await MoveAsync(FoldersFrom(1, 2));

        Assert.All(again, r => Assert.Equal(FolderWriteOutcome.AlreadyCorrect, r.Outcome));
        Assert.All(again, r => Assert.True(r.Succeeded));
        var summary = await Folders.SummaryAsync(None);
        Assert.Equal((4, 2, 2), (summary.Writes, summary.Changes, summary.FoldersWrittenMoreThanOnce));
    }

    [Fact]
    public async Task A_fault_for_two_writes_fails_two_writes_then_lets_the_folder_be_written()
    {
        await Folders.SeedAsync(2, OnNode1, cancellationToken: None);
        await Folders.FailFolderAsync(Folder(1), 2, None);

        var first = await MoveAsync(Folder(1), Folder(2));
        var second = await MoveAsync(Folder(1));
        Assert.Equal(OnNode1, await Folders.ReplicasOfAsync(Folder(1), None));
        var third = await MoveAsync(Folder(1));

        Assert.Equal(
            new FolderWriteResult(Folder(1), FolderWriteOutcome.Failed, $"injected fault: the replica list of {Folder(1)} could not be written on node2"),
            first[0]);
        Assert.Equal(FolderWriteOutcome.Changed, first[1].Outcome);
        Assert.Equal(FolderWriteOutcome.Failed, second[0].Outcome);
        Assert.Equal(FolderWriteOutcome.Changed, third[0].Outcome);
        var summary = await Folders.SummaryAsync(None);
        Assert.Equal((4, 2, 2, 0), (summary.Writes, summary.Changes, summary.Failures, summary.FoldersWithFault));
    }

    [Fact]
    public async Task A_folder_that_always_fails_fails_until_folder_faults_are_cleared()
    {
        await Folders.SeedAsync(1, OnNode1, cancellationToken: None);
        await Folders.FailFolderAsync(Folder(1), -1, None);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(FolderWriteOutcome.Failed, (await MoveAsync(Folder(1)))[0].Outcome);
        }

        await T.World.ClearFaultsAsync(None);
        Assert.Equal(FolderWriteOutcome.Failed, (await MoveAsync(Folder(1)))[0].Outcome);
        Assert.Equal(1, (await Folders.SummaryAsync(None)).FoldersWithFault);

        await Folders.ClearFolderFaultsAsync(None);

        Assert.Equal(FolderWriteOutcome.Changed, (await MoveAsync(Folder(1)))[0].Outcome);
        var summary = await Folders.SummaryAsync(None);
        Assert.Equal((5, 1, 4, 0), (summary.Writes, summary.Changes, summary.Failures, summary.FoldersWithFault));
    }

    [Fact]
    public async Task An_unknown_folder_fails_alone_and_counts_nothing()
    {
        await Folders.SeedAsync(7, OnNode1, cancellationToken: None);

        var results = await MoveAsync("Public Folders/Nowhere", Folder(1));

        Assert.Equal(new FolderWriteResult("Public Folders/Nowhere", FolderWriteOutcome.Failed, "no public folder named Public Folders/Nowhere"), results[0]);
        Assert.Equal(FolderWriteOutcome.Changed, results[1].Outcome);
        Assert.Null(await Folders.ReplicasOfAsync("Public Folders/Nowhere", None));
        Assert.Equal(1, (await Folders.SummaryAsync(None)).Writes);
        var error = await Assert.ThrowsAsync<UnknownWorldObjectException>(() => Folders.FailFolderAsync("Public Folders/Nowhere", 1, None));
        Assert.Equal("public folder", error.ObjectKind);
        Assert.EndsWith($"{Folder(5)}, and 2 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_done_by_a_down_node_throws_a_transient_error_and_writes_nothing()
    {
        await Folders.SeedAsync(2, OnNode1, cancellationToken: None);
        await T.World.FailNodeAsync("node2", None);

        var error = await Assert.ThrowsAsync<EnvironmentException>(() => MoveAsync(FoldersFrom(1, 2)));

        Assert.True(error.Transient);
        Assert.Equal("node2 is down; the replica lists of 2 public folder(s) were not written", error.Message);
        Assert.Equal(0, (await Folders.SummaryAsync(None)).Writes);
        Assert.Equal(FoldersFrom(1, 2), await Folders.FoldersListingAsync("node1", None));
        Assert.All(FoldersFrom(1, 2), f => Assert.True(Folders.IsAvailable(f)));
    }

    [Fact]
    public async Task A_move_to_a_server_the_world_does_not_know_is_refused()
    {
        await Folders.SeedAsync(1, OnNode1, cancellationToken: None);

        await Assert.ThrowsAsync<UnknownWorldObjectException>(
            () => Folders.EnsureReplicaMovedAsync("node2", [Folder(1)], "node1", "exch9", None));

        Assert.Equal(0, (await Folders.SummaryAsync(None)).Writes);
    }

    [Fact]
    public async Task A_folder_is_unavailable_only_while_its_write_runs()
    {
        await Folders.SeedAsync(3, OnNode1, cancellationToken: None);
        await T.World.SetLatencyAsync(EffectKind.PublicFolderWrite, TimeSpan.FromMilliseconds(30), None);
        var realTime = new SimulatedPublicFolders(T.Store, T.World, TimeProvider.System);
        var names = FoldersFrom(1, 3);

        var move = realTime.EnsureReplicaMovedAsync("node2", names, "node1", "node2", None);
        var seenPartly = false;
        while (!move.IsCompleted && !seenPartly)
        {
            var available = names.Select(realTime.IsAvailable).ToArray();
            seenPartly = available.Contains(false) && available.Contains(true);
            await Task.Delay(1);
        }

        Assert.True(seenPartly, "no moment was seen where one folder was being written and another was not");
        Assert.All(await move, r => Assert.Equal(FolderWriteOutcome.Changed, r.Outcome));
        Assert.All(names, f => Assert.True(realTime.IsAvailable(f)));
    }

    [Fact]
    public async Task The_folder_write_latency_is_read_back_from_the_world()
    {
        await T.World.SetLatencyAsync(EffectKind.PublicFolderWrite, TimeSpan.FromMilliseconds(0.2), None);

        Assert.Equal(TimeSpan.FromMilliseconds(0.2), await T.World.LatencyOfAsync(EffectKind.PublicFolderWrite, None));
        Assert.Equal(TimeSpan.Zero, await T.World.LatencyOfAsync(EffectKind.VolumeMount, None));
    }

    [Fact]
    public async Task The_summary_counts_folders_per_server_and_folders_without_replica()
    {
        await Folders.SeedAsync(4, Both, cancellationToken: None);
        await Folders.SeedAsync(2, [], "Public Folders/Orphan ", None);
        await Folders.EnsureReplicaMovedAsync("node1", [Folder(1)], "node2", "node3", None);
        await Folders.FailFolderAsync(Folder(2), 1, None);

        var summary = await Folders.SummaryAsync(None);

        Assert.Equal(6, summary.Folders);
        Assert.Equal(new Dictionary<string, int> { ["node1"] = 4, ["node2"] = 3, ["node3"] = 1 }, summary.PerServer);
        Assert.Equal(2, summary.FoldersWithoutReplica);
        Assert.Equal((1, 1, 0, 0, 1), (summary.Writes, summary.Changes, summary.Failures, summary.FoldersWrittenMoreThanOnce, summary.FoldersWithFault));
    }

    [Fact]
    public async Task Parallel_moves_from_two_instances_on_one_file_lose_no_write()
    {
        await Folders.SeedAsync(800, OnNode1, cancellationToken: None);
        var other = new SimulatedPublicFolders(new SqliteWorldStateStore(T.DatabasePath), T.OpenAgain(), T.Time);

        var moves = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Folders : other).EnsureReplicaMovedAsync("node2", FoldersFrom((i * 50) + 1, 50), "node1", "node2", None)));
        var results = (await Task.WhenAll(moves)).SelectMany(r => r).ToList();

        Assert.Equal(800, results.Count(r => r.Outcome == FolderWriteOutcome.Changed));
        var summary = await Folders.SummaryAsync(None);
        Assert.Equal((800L, 800L, 800), (summary.Writes, summary.Changes, summary.PerServer["node2"]));
        Assert.False(summary.PerServer.ContainsKey("node1"));
    }

    [Fact]
    public async Task Twenty_thousand_folders_are_seeded_and_moved_in_calls_of_five_hundred()
    {
        const int Count = 20_000;
        const int PerCall = 500;
        var clock = Stopwatch.StartNew();
        Assert.Equal(Count, await Folders.SeedAsync(Count, OnNode1, cancellationToken: None));
        var seeded = clock.Elapsed;

        Assert.Equal(Count, (await Folders.FoldersListingAsync("node1", None)).Count);
        var listed = clock.Elapsed;

        var changed = 0;
        for (var first = 1; first <= Count; first += PerCall)
        {
            var results = await MoveAsync(FoldersFrom(first, PerCall));
            changed += results.Count(r => r.Outcome == FolderWriteOutcome.Changed);
        }

        var moved = clock.Elapsed;
        Assert.Equal(Count, changed);
        Assert.Equal(Count, (await Folders.SummaryAsync(None)).PerServer["node2"]);
        output.WriteLine(
            $"seeded {Count} folders in {seeded.TotalMilliseconds:F0} ms, listed them in {(listed - seeded).TotalMilliseconds:F0} ms, "
            + $"moved them in {Count / PerCall} calls in {(moved - listed).TotalMilliseconds:F0} ms "
            + $"({(moved - listed).TotalMilliseconds / (Count / PerCall):F1} ms per call, {Count / (moved - listed).TotalSeconds:F0} folders/s)");
    }
}
