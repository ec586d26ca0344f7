using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Environment.Tests.World;

/// <summary>
/// S10–S13: the simulated world's hierarchy administration (IHierarchyAdministration): store names and renames, where the
/// Exchange data lives, create, extend, unextend, delete and its tombstone; each effect counted, replayed by key, fenced
/// against a stale claim and kept in world.db across a reopen.
/// </summary>
public sealed class WorldHierarchyAdministrationTests : IDisposable
{
    private static readonly DirectoryAccount Account = new(@"CONTOSO\lkadmin", "not-a-real-password");

    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestWorld t = new();

    public void Dispose() => t.Dispose();

    private static HierarchyDefinition WithRoles(string name = SampleCluster.Hierarchy, string primary = "node1", string backup = "node2") =>
        SampleCluster.Exchange(name, primary, backup, volumes: ["E", "F", "G"]) with
        {
            Volumes = [new VolumeResource("E", "database", SourceLocation.Unknown), new VolumeResource("F", "logs", SourceLocation.Unknown), new VolumeResource("G", "smtp-queue", SourceLocation.Unknown)],
        };

    private Task SeedAsync(params HierarchyDefinition[] hierarchies) => t.World.SeedAsync(SampleCluster.Create(hierarchies), None);

    [Fact]
    public async Task Every_node_of_a_hierarchy_has_the_default_store_names_a_node_outside_it_says_nothing_until_set_and_a_down_node_says_nothing()
    {
        await SeedAsync();

        var expected = new[] { "First Storage Group", "Mailbox Store (EXCH1)", "Public Folder Store (EXCH1)" };
        foreach (var node in new[] { "node1", "NODE2" })
        {
            var names = await t.World.ReadStoreNamesAsync(node, "exch1", None);
            Assert.Equal(expected, names!.StorageGroups.Concat(names.MailboxStores).Concat(names.PublicStores));
        }

        Assert.Null(await t.World.ReadStoreNamesAsync("node3", "EXCH1", None));
        Assert.Null(await t.World.ReadStoreNamesAsync("node9", "EXCH1", None));

        await t.World.SetStoreNamesAsync("node3", "EXCH1", ["SG1", "SG2"], ["MS1"], [], None);
        var set = await t.OpenAgain().ReadStoreNamesAsync("node3", "EXCH1", None);
        Assert.Equal(["SG1", "SG2", "|", "MS1", "|", "Public Folder Store (EXCH1)"], set!.StorageGroups.Append("|").Concat(set.MailboxStores).Append("|").Concat(set.PublicStores));

        await t.World.FailNodeAsync("node2");
        Assert.Null(await t.World.ReadStoreNamesAsync("node2", "EXCH1", None));
        var shown = (await t.SnapshotAsync()).StoreNames; // the world itself knows a down node's names
        Assert.Equal(["node1/EXCH1", "node2/EXCH1", "node3/EXCH1"], shown.Select(s => $"{s.Node}/{s.Application}"));
    }

    [Fact]
    public async Task A_store_rename_is_counted_replayed_by_key_a_no_op_once_done_and_kept_across_a_reopen()
    {
        await SeedAsync();
        var rename = new StoreRename("node2", "mailbox store", "Mailbox Store (EXCH1)", "Mailbox Store (EXCH1-B)");
        var key = t.Key();

        Assert.True(await t.World.RenameStoreAsync("EXCH1", rename, key, None));
        Assert.False(await t.World.RenameStoreAsync("EXCH1", rename, key, None)); // replay
        Assert.False(await t.World.RenameStoreAsync("EXCH1", rename, t.Key(), None)); // no-op: done already

        var names = await t.OpenAgain().ReadStoreNamesAsync("node2", "EXCH1", None);
        Assert.Equal(["Mailbox Store (EXCH1-B)"], names!.MailboxStores);
        Assert.Equal(["First Storage Group"], names.StorageGroups);
        Assert.Equal(["Mailbox Store (EXCH1)"], (await t.World.ReadStoreNamesAsync("node1", "EXCH1", None))!.MailboxStores);
        var snapshot = await t.SnapshotAsync();
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.StoreRename, "node2", "EXCH1"));
        Assert.Equal((1, 1), (snapshot.Replayed[EffectKind.StoreRename], snapshot.NoOps[EffectKind.StoreRename]));
    }

    [Fact]
    public async Task A_rename_of_a_name_the_node_does_not_have_or_on_a_node_that_says_nothing_is_refused_and_changes_nothing()
    {
        await SeedAsync();

        var missing = await Assert.ThrowsAsync<EnvironmentException>(() =>
            t.World.RenameStoreAsync("EXCH1", new StoreRename("node2", "storage group", "SG9", "SG1"), t.Key(), None));
        var silent = await Assert.ThrowsAsync<EnvironmentException>(() =>
            t.World.RenameStoreAsync("EXCH1", new StoreRename("node3", "storage group", "First Storage Group", "SG1"), t.Key(), None));

        Assert.False(missing.Transient);
        Assert.Contains("node2 has no storage group 'SG9' for EXCH1", missing.Message, StringComparison.Ordinal);
        Assert.Contains("node3 does not say the database names of EXCH1", silent.Message, StringComparison.Ordinal);
        Assert.Equal(["First Storage Group"], (await t.World.ReadStoreNamesAsync("node2", "EXCH1", None))!.StorageGroups);
        Assert.Equal(0, (await t.SnapshotAsync()).AppliedCount(EffectKind.StoreRename));
    }

    [Fact]
    public async Task A_stale_claim_is_refused_for_every_administration_effect_counted_and_changes_nothing()
    {
        await SeedAsync(WithRoles());
        var rename = new StoreRename("node2", "public store", "Public Folder Store (EXCH1)", "PF2");
        await t.World.RenameStoreAsync("EXCH1", rename, new EffectKey(5, 1, 1, FencingToken: 2), None);
        await t.World.ExtendAsync("node3", WithRoles(), new EffectKey(5, 2, 1, FencingToken: 2), None);
        await t.World.UnextendAsync("node3", "EXCH1", new EffectKey(5, 3, 1, FencingToken: 2), None);
        var before = await t.SnapshotAsync();

        await Assert.ThrowsAsync<StaleClaimException>(() => t.World.RenameStoreAsync("EXCH1", rename, new EffectKey(5, 1, 1, FencingToken: 1), None));
        await Assert.ThrowsAsync<StaleClaimException>(() => t.World.ExtendAsync("node3", WithRoles(), new EffectKey(5, 2, 1, FencingToken: 1), None));
        await Assert.ThrowsAsync<StaleClaimException>(() => t.World.UnextendAsync("node3", "EXCH1", new EffectKey(5, 3, 1, FencingToken: 1), None));

        var after = await t.SnapshotAsync();
        Assert.Equal(before.Applied, after.Applied);
        Assert.Equal(["node1", "node2"], await t.World.HierarchyNodesAsync("EXCH1", None));
        Assert.Equal((1, 1, 1), (after.Fenced[EffectKind.StoreRename], after.Fenced[EffectKind.HierarchyExtend], after.Fenced[EffectKind.HierarchyUnextend]));
    }

    [Fact]
    public async Task Exchange_data_is_derived_from_the_hierarchy_volumes_by_role_with_what_is_known_of_each_volume()
    {
        await SeedAsync(WithRoles());

        var reading = await t.World.ReadExchangeDataAsync("node1", "EXCH1", None);

        Assert.Equal("C:", reading!.SystemDrive);
        Assert.Equal(
            [
                "Database mailbox store Mailbox Store (EXCH1) of storage group First Storage Group E: E:\\mdbdata",
                "Database public store Public Folder Store (EXCH1) of storage group First Storage Group E: E:\\mdbdata",
                "TransactionLog storage group First Storage Group F: F:\\logs",
                "SmtpQueue SMTP virtual server 1 G: G:\\mailroot\\vsi 1\\queue",
                "Badmail SMTP virtual server 1 G: G:\\mailroot\\vsi 1\\badmail",
            ],
            reading.Files.Select(f => $"{f.Kind} {f.Owner} {f.Volume} {f.Path}"));
        Assert.Equal(["E E True EXCH1", "F F True EXCH1", "G G True EXCH1"], reading.Volumes.Select(v => $"{v.Volume} {v.Resource} {v.InService} {v.Hierarchy}"));
        Assert.Equal(["E False", "F False", "G False"], (await t.World.ReadExchangeDataAsync("node2", "EXCH1", None))!.Volumes.Select(v => $"{v.Volume} {v.InService}"));
        Assert.Null(await t.World.ReadExchangeDataAsync("node3", "EXCH1", None));
    }

    [Fact]
    public async Task Exchange_data_set_for_a_new_application_is_read_with_the_volumes_the_world_knows_and_kept_across_a_reopen()
    {
        await SeedAsync();
        await t.World.AddVolumeAsync("H", "node2", unprotected: true, unmounted: false, None);
        await t.World.AddVolumeAsync("J", "node2", unprotected: false, unmounted: true, None);

        await t.World.SetExchangeDataAsync("node2", "EXCH2", new ExchangeDataPaths(null, "H:\\mdbdata", "J:\\logs", null, null), None);
        var reading = await t.OpenAgain().ReadExchangeDataAsync("node2", "exch2", None);

        Assert.Equal(["H:", "H:", "J:", "C:", "C:"], reading!.Files.Select(f => f.Volume));
        Assert.Equal("C:\\Program Files\\Exchsrvr\\mailroot\\vsi 1\\queue", reading.Files.Single(f => f.Kind == DataFileKind.SmtpQueue).Path);
        Assert.Equal(["H  True ", "J J False "], reading.Volumes.Select(v => $"{v.Volume} {v.Resource} {v.InService} {v.Hierarchy}"));
        Assert.Null(await t.World.ReadExchangeDataAsync("node2", "EXCH3", None));
    }

    [Fact]
    public async Task Creating_records_the_hierarchy_on_its_node_with_its_services_manual_and_is_counted_replayed_and_kept()
    {
        await SeedAsync();
        await t.World.AddVolumeAsync("E2", "node2", unprotected: false, unmounted: false, None);
        var exch2 = SampleCluster.Exchange("EXCH2", "node2", "node3", volumes: ["E2"], address: "10.0.0.60", dnsName: "exch2.contoso.com", services: ["EXCH2SA", "EXCH2IS"]);
        var key = t.Key();

        Assert.True(await t.World.CreateAsync("node2", exch2, key, None));
        Assert.False(await t.World.CreateAsync("node2", exch2, key, None)); // replay
        Assert.False(await t.World.CreateAsync("node2", exch2, t.Key(), None)); // no-op: recorded there already
        var elsewhere = await Assert.ThrowsAsync<EnvironmentException>(() => t.World.CreateAsync("node3", exch2, t.Key(), None));

        Assert.Contains("hierarchy EXCH2 already exists on node2", elsewhere.Message, StringComparison.Ordinal);
        var again = t.OpenAgain();
        Assert.Equal(["node2"], await again.HierarchyNodesAsync("exch2", None));
        var snapshot = await again.SnapshotAsync(None);
        var services = snapshot.Node("node2").Services.ToDictionary(s => s.Name);
        Assert.Equal((ServiceState.Running, ServiceStartMode.Manual), (services["EXCH2SA"].State, services["EXCH2SA"].StartMode));
        Assert.Equal(ServiceStartMode.Manual, services["POP3Svc"].StartMode);
        Assert.Equal("node2", snapshot.Addresses.Single(a => a.Address == "10.0.0.60").Owner);
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.HierarchyCreate, "node2", "EXCH2"));
        Assert.Equal((1, 1, 1), (snapshot.Replayed[EffectKind.HierarchyCreate], snapshot.NoOps[EffectKind.HierarchyCreate], snapshot.Failed[EffectKind.HierarchyCreate]));
        Assert.Equal("E2 E2 True EXCH2", (await again.ReadExchangeDataAsync("node2", "EXCH2", None))!.Volumes.Select(v => $"{v.Volume} {v.Resource} {v.InService} {v.Hierarchy}").Single());
    }

    [Fact]
    public async Task Extending_makes_the_node_able_to_run_the_hierarchy_in_priority_order_and_unextending_removes_it_unless_in_service_there()
    {
        await SeedAsync();
        var three = SampleCluster.Exchange() with
        {
            Priorities = [new NodePriority("node1", 1, SourceLocation.Unknown), new NodePriority("node3", 5, SourceLocation.Unknown), new NodePriority("node2", 10, SourceLocation.Unknown)],
        };
        var key = t.Key();

        Assert.True(await t.World.ExtendAsync("node3", three, key, None));
        Assert.False(await t.World.ExtendAsync("node3", three, key, None)); // replay
        Assert.False(await t.World.ExtendAsync("NODE3", three, t.Key(), None)); // no-op
        Assert.Equal(["node1", "node3", "node2"], await t.OpenAgain().HierarchyNodesAsync("EXCH1", None));
        var node3 = (await t.SnapshotAsync()).Node("node3").Services.ToDictionary(s => s.Name);
        Assert.All(SampleCluster.Services, s => Assert.Equal((ServiceState.Stopped, ServiceStartMode.Manual), (node3[s].State, node3[s].StartMode)));
        Assert.NotNull(await t.World.ReadStoreNamesAsync("node3", "EXCH1", None)); // in the cluster now: the defaults

        var inService = await Assert.ThrowsAsync<EnvironmentException>(() => t.World.UnextendAsync("node1", "EXCH1", t.Key(), None));
        Assert.False(inService.Transient);
        Assert.Contains("hierarchy EXCH1 is in service on node1 (volume E mounted", inService.Message, StringComparison.Ordinal);

        var unextend = t.Key();
        await t.World.FailNodeAsync("node3");
        Assert.True(await t.World.UnextendAsync("node3", "exch1", unextend, None)); // a dead node can be unextended
        Assert.False(await t.World.UnextendAsync("node3", "EXCH1", unextend, None)); // replay
        Assert.False(await t.World.UnextendAsync("node3", "EXCH1", t.Key(), None)); // no-op
        Assert.Equal(["node1", "node2"], await t.OpenAgain().HierarchyNodesAsync("EXCH1", None));
        var snapshot = await t.SnapshotAsync();
        Assert.Equal((1L, 1L), (snapshot.AppliedCount(EffectKind.HierarchyExtend, "node3", "EXCH1"), snapshot.AppliedCount(EffectKind.HierarchyUnextend, "node3", "EXCH1")));
        Assert.Equal((1, 1), (snapshot.Replayed[EffectKind.HierarchyUnextend], snapshot.Failed[EffectKind.HierarchyUnextend]));
        Assert.Equal(["node1", "node2"], snapshot.Hierarchies.Single().Nodes);
    }

    [Fact]
    public async Task Extending_a_hierarchy_the_world_does_not_record_is_refused_and_an_unknown_hierarchy_has_no_nodes()
    {
        await SeedAsync();

        var refused = await Assert.ThrowsAsync<EnvironmentException>(() => t.World.ExtendAsync("node3", SampleCluster.Exchange("EXCH9"), t.Key(), None));

        Assert.Contains("hierarchy EXCH9 is not recorded in the world", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await t.World.HierarchyNodesAsync("EXCH9", None));
        await Assert.ThrowsAsync<UnknownWorldObjectException>(() => t.World.UnextendAsync("node3", "EXCH9", t.Key(), None));
    }

    [Fact]
    public async Task Deleting_on_a_backup_leaves_the_resources_and_a_tombstone_until_the_users_are_back_on_the_primary()
    {
        await SeedAsync();
        await t.World.SeedUsersAsync([("alice", "contoso", "node1"), ("bob", "contoso", "node1")], None);
        await t.World.RenameStoreAsync("EXCH1", new StoreRename("node2", "storage group", "First Storage Group", "SG-B"), t.Key(), None);
        await t.SwitchOverAsync("node1", "node2");
        foreach (var user in new[] { "alice", "bob" })
        {
            await t.World.EnsureUserHomedAsync(user, "node2", Account, t.Key(), None);
        }

        var key = t.Key();
        Assert.True(await t.World.DeleteAsync("exch1", "node2", "node1", key, None));
        Assert.False(await t.World.DeleteAsync("EXCH1", "node2", "node1", key, None)); // replay
        Assert.False(await t.World.DeleteAsync("EXCH1", "node2", "node1", t.Key(), None)); // no-op: forgotten already

        var again = t.OpenAgain();
        Assert.Empty(await again.HierarchyNodesAsync("EXCH1", None));
        Assert.Equal(["EXCH1 node2 node1"], (await again.DeletedOnBackupAsync(None)).Select(p => $"{p.Hierarchy} {p.Node} {p.PrimaryNode}"));
        var snapshot = await again.SnapshotAsync(None);
        Assert.Equal("node2", snapshot.Volumes.Single(v => v.Name == "E").MountedOn); // resources stay as they are
        Assert.Equal(ServiceState.Running, snapshot.ServiceStateOn("node2", "MSExchangeIS"));
        Assert.Single(snapshot.DeletedOnBackup);
        Assert.Equal(["SG-B"], (await again.ReadStoreNamesAsync("node2", "EXCH1", None))!.StorageGroups); // the servers keep their names
        Assert.Equal("E:\\mdbdata", (await again.ReadExchangeDataAsync("node1", "EXCH1", None))!.Files[0].Path);
        Assert.Null((await again.ReadExchangeDataAsync("node1", "EXCH1", None))!.Volumes[0].Hierarchy);

        await again.EnsureUserHomedAsync("alice", "node1", Account, t.Key(), None);
        Assert.Single(await again.DeletedOnBackupAsync(None)); // bob is still on the backup
        await again.EnsureUserHomedAsync("bob", "node1", Account, t.Key(), None);
        Assert.Empty(await again.DeletedOnBackupAsync(None));
        Assert.Equal(1, snapshot.AppliedCount(EffectKind.HierarchyDelete, "node1", "EXCH1"));
        Assert.Equal((1, 1), (snapshot.Replayed[EffectKind.HierarchyDelete], snapshot.NoOps[EffectKind.HierarchyDelete]));
    }

    [Fact]
    public async Task Deleting_on_the_primary_leaves_no_tombstone_and_recreating_clears_an_old_one()
    {
        await SeedAsync();
        await t.World.SeedUsersAsync([("carol", "contoso", "node2")], None);
        Assert.True(await t.World.DeleteAsync("EXCH1", "node2", "node1", new EffectKey(9, 1, 1, FencingToken: 4), None));
        await Assert.ThrowsAsync<StaleClaimException>(() => t.World.DeleteAsync("EXCH1", "node2", "node1", new EffectKey(9, 1, 1, FencingToken: 3), None));
        Assert.Single(await t.World.DeletedOnBackupAsync(None));

        Assert.True(await t.World.CreateAsync("node1", SampleCluster.Exchange(), t.Key(), None));
        Assert.Empty(await t.World.DeletedOnBackupAsync(None));
        Assert.True(await t.World.DeleteAsync("EXCH1", "node1", "node1", t.Key(), None));
        Assert.Empty(await t.World.DeletedOnBackupAsync(None));
        Assert.Equal(1, (await t.SnapshotAsync()).Fenced[EffectKind.HierarchyDelete]);
    }

    [Fact]
    public async Task The_users_to_move_back_are_the_tombstones_users_not_yet_on_the_primary_whatever_the_names_case()
    {
        await SeedAsync();
        await t.World.SeedUsersAsync([("alice", "contoso", "node2"), ("bob", "contoso", "node2"), ("carol", "contoso", "node1")], None);
        Assert.Empty(await t.World.UsersToMoveBackAsync("EXCH1", None)); // no tombstone

        Assert.True(await t.World.DeleteAsync("EXCH1", "node2", "node1", t.Key(), None));
        Assert.Equal(["alice", "bob"], await t.OpenAgain().UsersToMoveBackAsync("exch1", None));

        await t.World.EnsureUserHomedAsync("alice", "node1", Account, t.Key(), None);
        Assert.Equal(["bob"], await t.World.UsersToMoveBackAsync("EXCH1", None));
        await t.World.EnsureUserHomedAsync("bob", "node1", Account, t.Key(), None);
        Assert.Empty(await t.World.UsersToMoveBackAsync("EXCH1", None));
        Assert.Empty(await t.World.UsersToMoveBackAsync("exch9", None));
    }
}
