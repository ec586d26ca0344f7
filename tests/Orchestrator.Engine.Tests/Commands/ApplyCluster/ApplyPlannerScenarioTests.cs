using System.Text.Json;
using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using static Orchestrator.Engine.Tests.Commands.ApplyCluster.TwoNodeVariants;
using static Orchestrator.Testing.TwoNodeEdits;

namespace Orchestrator.Engine.Tests.Commands.ApplyCluster;

/// <summary>
/// Issue 16 point 7 through the real handler (real SQLite files, the real simulated world): with exch1 in service on its
/// backup node2, `cluster apply` refuses what the hierarchy commands refuse, with their words (the expected messages are
/// the Domain rules' own), listing every finding, and changes nothing; S6 warnings need --force and are audited; a dry run
/// plans and changes nothing.
/// </summary>
public sealed class ApplyPlannerScenarioTests
{
    private static readonly RunningState OnNode2 = new([new HierarchyPlacement("exch1", "node2", "node1")], []);

    private static Domain.Cluster.HierarchyDefinition Exch1 => Parse(Text).FindHierarchy("exch1")!;

    [Fact]
    public async Task Removing_node2_from_exch1_in_service_there_is_refused_as_hierarchy_unextend_is_and_changes_nothing()
    {
        await using var o = await InServiceOnNode2Async(Text);
        await RefusedAsync(o, WithoutNode2, HierarchyUnextendRule.Check(Exch1, "node2", OnNode2));
    }

    [Fact]
    public async Task Removing_the_primary_node1_while_exch1_is_on_a_backup_is_refused_as_hierarchy_unextend_is()
    {
        await using var o = await InServiceOnNode2Async(Text);
        await RefusedAsync(o, WithoutPrimary, HierarchyUnextendRule.Check(Exch1, "node1", OnNode2));
    }

    [Fact]
    public async Task Deleting_exch1_in_service_on_a_backup_is_refused_as_hierarchy_delete_is()
    {
        await using var o = await InServiceOnNode2Async(TwoHierarchies);
        await RefusedAsync(o, OnlyExch2, HierarchyDeleteRule.Check(Exch1, OnNode2));
    }

    [Fact]
    public async Task Renaming_exch1_in_service_is_refused_as_a_delete_plus_a_create()
    {
        await using var o = await InServiceOnNode2Async(Text);
        var expected = DefinitionChangeRules.Check(Parse(Text), Parse(Renamed), OnNode2);
        Assert.Single(expected.Refusals);
        Assert.Contains("renaming it to exch9 is a delete plus a create, refused while in service", expected.Refusals[0].Message, StringComparison.Ordinal);
        await RefusedAsync(o, Renamed, expected);
    }

    [Fact]
    public async Task Re_creating_exch1_deleted_while_active_on_node2_is_refused_naming_users_move_all()
    {
        // As an apply before issue 16 did: exch1 deleted while in service on node2 (the world keeps a tombstone, its users
        // stay on node2) and the stored definition without it.
        await using var o = await InServiceOnNode2Async(TwoHierarchies);
        await o.World.SeedUsersAsync([("alice", "example.com", "node2")]); // homed on node2, as a failover leaves exch1's users
        var world = o.Get<IHierarchyAdministration>();
        Assert.True(await world.DeleteAsync("exch1", "node2", "node1", new EffectKey(99, 1, 0), CancellationToken.None));
        var tombstones = await world.DeletedOnBackupAsync(CancellationToken.None);
        Assert.Equal([new HierarchyPlacement("exch1", "node2", "node1")], tombstones);
        var onlyExch2 = await WriteAsync(o, OnlyExch2);
        await o.Get<IClusterDefinitionStore>().ApplyAsync(
            new StoredDefinition { Sha256 = "old-unchecked-apply", ClusterName = "exchange-two-node", SourcePath = onlyExch2, Yaml = OnlyExch2, AppliedAt = DateTimeOffset.UtcNow, AppliedBy = "tester" },
            new Dictionary<string, string>(), ["exch1"], new NewAuditEntry(DateTimeOffset.UtcNow, null, "cluster", null, null, null, "Apply", "tester", "unchecked"), CancellationToken.None);

        var running = new RunningState([], tombstones);
        var expected = DefinitionChangeRules.Check(Parse(OnlyExch2), Parse(TwoHierarchies), running,
            [new HierarchyCreation("exch1", "node1", "C:", [], [], running)]);
        Assert.Contains("`orchestrator users move --all`", expected.Refusals[0].Message, StringComparison.Ordinal);
        await RefusedAsync(o, TwoHierarchies, expected);
    }

    [Fact]
    public async Task Swapping_the_priorities_needs_force_and_with_force_the_audit_row_lists_the_warning_overridden()
    {
        await using var o = await InServiceOnNode2Async(Text);
        var expected = PriorityChangeRule.Check(Exch1, Parse(Swapped).FindHierarchy("exch1")!);
        Assert.True(expected.NeedsForce);
        var refused = await RefusedAsync(o, Swapped, expected);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);

        var file = await WriteAsync(o, Swapped);
        var applied = await o.Mediator.Send(new ApplyClusterCommand(file, "tester", Force: true));

        Assert.True(applied.Changed);
        Assert.Equal(2, applied.Version);
        var row = (await o.Get<IAuditJournal>().ListAsync(new AuditQuery(), CancellationToken.None)).Where(r => r.TriggerName == "Apply").MaxBy(r => r.Id)!;
        Assert.Contains($"overrode with --force: {expected.Warnings[0].Message}", row.Reason, StringComparison.Ordinal);
        Assert.Contains("change the priority of node2 in hierarchy exch1 from 10 to 1", row.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_finding_is_listed_one_per_line()
    {
        await using var o = await InServiceOnNode2Async(TwoHierarchies);
        // node2 removed from exch1 (in service there) and node1 from exch2 (in service there, its primary).
        var both = WithoutNode2.TrimEnd() + "\n" + Exch2.Replace("      node1: 1\n", "", StringComparison.Ordinal);
        var running = new RunningState([new HierarchyPlacement("exch1", "node2", "node1"), new HierarchyPlacement("exch2", "node1", "node1")], []);
        var expected = DefinitionChangeRules.Check(Parse(TwoHierarchies), Parse(both), running);
        Assert.Equal(2, expected.Refusals.Count);
        var refused = await RefusedAsync(o, both, expected);
        Assert.Equal(expected.Findings.Count + 1, refused.Message.Split('\n').Length);
    }

    [Fact]
    public async Task A_dry_run_plans_the_unextend_with_its_refusal_and_changes_nothing()
    {
        await using var o = await InServiceOnNode2Async(Text);
        var before = await FootprintAsync(o);
        var file = await WriteAsync(o, WithoutNode2);

        var planned = await o.Mediator.Send(new ApplyClusterCommand(file, "tester", DryRun: true));

        Assert.True(planned.DryRun);
        Assert.False(planned.Changed);
        Assert.Equal(1, planned.Plan!.FromVersion);
        Assert.Equal(["unextend hierarchy exch1 from node2 (priority 10)"], planned.Plan.Changes);
        Assert.Equal(HierarchyUnextendRule.Check(Exch1, "node2", OnNode2).Findings, planned.Plan.Verdict.Findings);
        Assert.Equal(before, await FootprintAsync(o));
    }

    [Fact]
    public async Task Unextending_node2_while_exch1_is_on_node1_runs_it_in_the_world_once_and_the_world_tells()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var world = o.Get<IHierarchyAdministration>();
        Assert.Equal(["node1", "node2"], await world.HierarchyNodesAsync("exch1", CancellationToken.None));
        var file = await WriteAsync(o, WithoutNode2);

        var applied = await o.Mediator.Send(new ApplyClusterCommand(file, "tester"));
        var again = await o.Mediator.Send(new ApplyClusterCommand(file, "tester"));

        Assert.Equal((2, true, false), (applied.Version, applied.Changed, again.Changed));
        Assert.Contains("unextended hierarchy exch1 from node2", applied.Notes);
        Assert.Equal(["node1"], await world.HierarchyNodesAsync("exch1", CancellationToken.None));
        var snapshot = await o.World.SnapshotAsync(CancellationToken.None);
        Assert.Equal(1, snapshot.AppliedCount(Environment.World.EffectKind.HierarchyUnextend));
    }

    [Fact]
    public async Task Deleting_exch2_in_service_on_its_primary_forgets_its_placement_in_the_new_version_and_the_world_deletes_it()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: TwoHierarchies);
        var file = await WriteAsync(o, Text);

        var applied = await o.Mediator.Send(new ApplyClusterCommand(file, "tester"));

        Assert.Equal(2, applied.Version);
        Assert.Equal(["delete hierarchy exch2 (application EXCH2)"], applied.Plan!.Changes);
        Assert.DoesNotContain(await o.Store.GetPlacementsAsync(CancellationToken.None), p => p.Hierarchy == "exch2");
        Assert.Empty(await o.Get<IHierarchyAdministration>().HierarchyNodesAsync("exch2", CancellationToken.None));
        Assert.Empty(await o.Get<IHierarchyAdministration>().DeletedOnBackupAsync(CancellationToken.None));
        var stored = await o.Get<IClusterDefinitionStore>().GetCurrentAsync(CancellationToken.None);
        Assert.Equal(Text, stored!.Yaml);
    }

    [Fact]
    public async Task Extending_to_a_node_with_other_database_names_lists_the_renames_and_applies_them_only_with_apply_renames()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, definitionYaml: WithNode3);
        await o.World.SetStoreNamesAsync("node3", "EXCH1", ["SG-node3"], ["Mailbox Store (node3)"], ["Public Store (node3)"], CancellationToken.None);
        var world = o.Get<IHierarchyAdministration>();
        var primary = (await world.ReadStoreNamesAsync("node1", "EXCH1", CancellationToken.None))!;
        var target = (await world.ReadStoreNamesAsync("node3", "EXCH1", CancellationToken.None))!;
        var exch1 = Parse(WithNode3).FindHierarchy("exch1")!;
        var renames = HierarchyExtendRule.Check(new HierarchyExtension(Parse(Extended), exch1, "node3", 20, primary, target)).Renames;
        Assert.Equal(3, renames.Count);

        await RefusedAsync(o, Extended, StoreRenameRule.Check("exch1", "node3", renames, applyRenames: false));

        var file = await WriteAsync(o, Extended);
        var applied = await o.Mediator.Send(new ApplyClusterCommand(file, "tester", ApplyRenames: true));
        var again = await o.Mediator.Send(new ApplyClusterCommand(file, "tester", ApplyRenames: true));

        Assert.Equal((2, true, false), (applied.Version, applied.Changed, again.Changed));
        Assert.Equal(renames, applied.Plan!.Renames.Select(r => r.Rename));
        var renamed = (await world.ReadStoreNamesAsync("node3", "EXCH1", CancellationToken.None))!;
        Assert.Equal([.. primary.StorageGroups, .. primary.MailboxStores, .. primary.PublicStores], [.. renamed.StorageGroups, .. renamed.MailboxStores, .. renamed.PublicStores]);
        Assert.Equal(["node1", "node2", "node3"], await world.HierarchyNodesAsync("exch1", CancellationToken.None));
        Assert.Equal(3, (await o.World.SnapshotAsync(CancellationToken.None)).AppliedCount(Environment.World.EffectKind.StoreRename));
    }

    private static async Task<TestOrchestrator> InServiceOnNode2Async(string yaml)
    {
        var o = await TestOrchestrator.StartAsync(definitionYaml: yaml);
        var started = await o.SwitchoverAsync("node2");
        Assert.Equal(ProcedureStates.Completed, (await o.SettledAsync(started.Id)).State);
        return o;
    }

    /// <summary>Applies <paramref name="yaml"/>, expecting the refusal whose findings are <paramref name="expected"/>'s, and that nothing changed.</summary>
    private static async Task<BadInputException> RefusedAsync(TestOrchestrator o, string yaml, AdminVerdict expected)
    {
        Assert.False(expected.IsAllowed);
        var before = await FootprintAsync(o);
        var file = await WriteAsync(o, yaml);

        var refused = await Assert.ThrowsAsync<BadInputException>(() => o.Mediator.Send(new ApplyClusterCommand(file, "tester")).AsTask());

        var lines = refused.Message.Split('\n');
        Assert.Equal(expected.Findings.Select(f => f.ToString()), lines.Skip(1).Take(expected.Findings.Count));
        Assert.Equal(before, await FootprintAsync(o));
        return refused;
    }

    private static async Task<string> WriteAsync(TestOrchestrator o, string yaml)
    {
        var file = Path.Combine(o.Directory, $"next-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        return file;
    }

    /// <summary>What a refused apply must leave as it was: the stored version, the audit rows, the placements and the world.</summary>
    private static async Task<string> FootprintAsync(TestOrchestrator o)
    {
        var version = await o.Get<IClusterDefinitionStore>().GetCurrentVersionAsync(CancellationToken.None);
        var audit = (await o.Get<IAuditJournal>().ListAsync(new AuditQuery(), CancellationToken.None)).Count;
        var placements = string.Join(",", (await o.Store.GetPlacementsAsync(CancellationToken.None)).Select(p => $"{p.Hierarchy}@{p.Node}"));
        var world = JsonSerializer.Serialize((await o.World.SnapshotAsync(CancellationToken.None)) with { TakenAt = default });
        return $"v{version} audit {audit} placements {placements}\n{world}";
    }
}
