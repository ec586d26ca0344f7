using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Engine.Definitions;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using static Orchestrator.Testing.TwoNodeEdits;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 point 7 through the real CLI: with exch1 in service on its backup node2, `cluster apply` refuses each change the
/// hierarchy commands would refuse, exit 2, with the same message (taken from the Domain rule itself) and nothing changed in
/// the data directory; swapped priorities need --force and are audited with it; `--dry-run` prints the plan and changes
/// nothing; and every sample plans, then applies to a stored definition that is the file.
/// </summary>
public sealed class ClusterApplyPlannerCliTests
{
    private static readonly RunningState OnNode2 = new([new HierarchyPlacement("exch1", "node2", "node1")], []);

    private static HierarchyDefinition Exch1 => Parse(Text).FindHierarchy("exch1")!;

    [Fact]
    public async Task With_exch1_on_node2_each_change_the_commands_refuse_is_refused_with_their_message_and_changes_nothing()
    {
        using var dir = new TempDataDir();
        await InServiceOnNode2Async(dir, Text);

        await RefusedAsync(dir, "without-node2", WithoutNode2, HierarchyUnextendRule.Check(Exch1, "node2", OnNode2));
        await RefusedAsync(dir, "without-node1", WithoutPrimary, HierarchyUnextendRule.Check(Exch1, "node1", OnNode2));
        await RefusedAsync(dir, "exch1-renamed", Renamed, DefinitionChangeRules.Check(Parse(Text), Parse(Renamed), OnNode2));
        var warning = PriorityChangeRule.Check(Exch1, Parse(Swapped).FindHierarchy("exch1")!);
        var refused = await RefusedAsync(dir, "swapped", Swapped, warning);
        Assert.Contains("--force", refused, StringComparison.Ordinal);
        (await dir.RunAsync("status")).ShouldExitWith(0);
    }

    [Fact]
    public async Task Deleting_exch1_while_it_is_on_node2_is_refused_as_hierarchy_delete_is_and_changes_nothing()
    {
        using var dir = new TempDataDir();
        await InServiceOnNode2Async(dir, TwoHierarchies);

        await RefusedAsync(dir, "exch1-deleted", OnlyExch2, HierarchyDeleteRule.Check(Exch1, OnNode2));
    }

    [Fact]
    public async Task Swapped_priorities_apply_with_force_and_the_audit_row_lists_the_warning_overridden()
    {
        using var dir = new TempDataDir();
        await InServiceOnNode2Async(dir, Text);
        var file = await WriteAsync(dir, "swapped", Swapped);
        var warning = PriorityChangeRule.Check(Exch1, Parse(Swapped).FindHierarchy("exch1")!).Warnings.Single();

        var applied = (await dir.RunAsync("cluster", "apply", file, "--force")).ShouldExitWith(0);

        Assert.Contains("as definition v2", applied.StdOut, StringComparison.Ordinal);
        Assert.Contains($"overrode with --force: {warning.Message}", applied.StdOut, StringComparison.Ordinal);
        var rows = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--kind", "cluster", "--json")).ShouldExitWith(0));
        Assert.Contains(rows, r => r.Reason.Contains($"overrode with --force: {warning.Message}", StringComparison.Ordinal));
        await dir.AuditChainShouldHoldAsync();
    }

    [Fact]
    public async Task Re_creating_exch1_deleted_while_active_on_node2_is_refused_naming_users_move_all()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(await WriteAsync(dir, "two", TwoHierarchies));
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("world", "add-user", "alice", "--domain", "example.com", "--home", "node2")).ShouldExitWith(0); // as a failover leaves exch1's users
        await DeletedAsBeforeIssue16Async(dir);
        (await dir.RunAsync("status")).ShouldExitWith(0); // the world follows the stored version at this start, not in the apply below

        var tombstone = new RunningState([], [new HierarchyPlacement("exch1", "node2", "node1")]);
        var expected = DefinitionChangeRules.Check(Parse(OnlyExch2), Parse(TwoHierarchies), tombstone, [new HierarchyCreation("exch1", "node1", "C:", [], [], tombstone)]);
        var refused = await RefusedAsync(dir, "re-created", TwoHierarchies, expected);
        Assert.Contains("`orchestrator users move --all`", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_its_refusal_exit_2_and_as_json_changes_nothing()
    {
        using var dir = new TempDataDir();
        await InServiceOnNode2Async(dir, Text);
        var file = await WriteAsync(dir, "without-node2", WithoutNode2);
        var before = DataDirSnapshot.Take(dir.Path);
        var expected = HierarchyUnextendRule.Check(Exch1, "node2", OnNode2).Refusals.Single();

        var plain = (await dir.RunAsync("cluster", "apply", file, "--dry-run")).ShouldExitWith(2);
        var json = (await dir.RunAsync("cluster", "apply", file, "--dry-run", "--json")).ShouldExitWith(2);

        Assert.Contains("  unextend hierarchy exch1 from node2 (priority 10)", plain.StdOut, StringComparison.Ordinal);
        Assert.Contains($"refused: {expected.Message}", plain.StdOut, StringComparison.Ordinal);
        using var plan = JsonDocument.Parse(json.StdOut);
        var root = plan.RootElement;
        Assert.Equal("exchange-two-node", root.GetProperty("cluster").GetString());
        Assert.Equal(1, root.GetProperty("fromVersion").GetInt64());
        Assert.Equal(["unextend hierarchy exch1 from node2 (priority 10)"], root.GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal(expected.Message, finding.GetProperty("message").GetString());
        Assert.Equal("refused", root.GetProperty("outcome").GetString());
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
    }

    public static TheoryData<string> SampleFiles() =>
        [.. Directory.GetFiles(Path.Combine(Samples.RepoRoot, "workflows", "samples"), "*.yaml").Select(f => Path.GetFileName(f))
            .Where(f => !f.StartsWith("lab-agents", StringComparison.Ordinal)) // their agents' token files are the lab hosts' (/etc/orchestrator): they validate there only
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task Each_sample_plans_with_dry_run_changing_nothing_and_applying_it_stores_the_file(string sample)
    {
        using var dir = new TempDataDir();
        var file = Path.Combine(Samples.RepoRoot, "workflows", "samples", sample);

        var dry = (await dir.RunAsync("cluster", "apply", file, "--dry-run")).ShouldExitWith(0);
        Assert.False(DataDirSnapshot.Take(dir.Path).Exists, "a dry run on a new data directory must not create it");
        (await dir.RunAsync("cluster", "apply", file)).ShouldExitWith(0);
        var again = (await dir.RunAsync("cluster", "apply", file, "--dry-run")).ShouldExitWith(0);

        Assert.Contains("(first apply)", dry.StdOut, StringComparison.Ordinal);
        foreach (var h in Parse(await File.ReadAllTextAsync(file)).Hierarchies)
        {
            Assert.Contains($"  create hierarchy {h.Name} ", dry.StdOut, StringComparison.Ordinal);
        }

        Assert.Contains("nothing to do: the file is the current version", again.StdOut, StringComparison.Ordinal);
        var (sha, yaml) = StoredCurrent(dir.Path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))), sha);
        Assert.Equal(await File.ReadAllTextAsync(file), yaml);
    }

    private static ClusterDefinition Parse(string yaml) =>
        ClusterDefinitionParser.Parse(yaml).Definition ?? throw new InvalidOperationException("the variant does not parse");

    private static async Task InServiceOnNode2Async(TempDataDir dir, string yaml)
    {
        await dir.ApplyAsync(await WriteAsync(dir, "start", yaml));
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
    }

    /// <summary>Runs `cluster apply` of <paramref name="yaml"/>: exit 2, every finding of <paramref name="expected"/> on its own line, the data directory unchanged.</summary>
    private static async Task<string> RefusedAsync(TempDataDir dir, string name, string yaml, AdminVerdict expected)
    {
        Assert.False(expected.IsAllowed);
        var file = await WriteAsync(dir, name, yaml);
        var before = DataDirSnapshot.Take(dir.Path);

        var result = (await dir.RunAsync("cluster", "apply", file)).ShouldExitWith(2);

        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        foreach (var finding in expected.Findings)
        {
            Assert.True(result.StdErr.Contains(finding.ToString(), StringComparison.Ordinal), $"expected the finding '{finding}'; {result}");
        }

        Assert.Contains($"error: cluster apply of {file}", result.StdErr, StringComparison.Ordinal);
        Assert.True(result.StdOut.Trim().Length == 0, $"a refused apply prints nothing on stdout; {result}");
        return result.StdErr;
    }

    private static async Task<string> WriteAsync(TempDataDir dir, string name, string yaml)
    {
        var file = dir.Sibling($"{name}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        return file;
    }

    /// <summary>
    /// What an apply did before issue 16 when a file dropped exch1 while it was in service on node2: the stored definition
    /// lost it and its placement, and the world forgot it there, keeping a tombstone (its users stay on node2). Done through
    /// the real stores and world port of the data directory.
    /// </summary>
    private static async Task DeletedAsBeforeIssue16Async(TempDataDir dir)
    {
        await UncheckedDeletion.ApplyAsync(dir.Path, OnlyExch2, "exch1", "node2", "node1");
    }

    private static (string Sha, string Yaml) StoredCurrent(string dataDir)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "orchestrator.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sha256, yaml FROM cluster_definitions ORDER BY version DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "no definition stored");
        return (reader.GetString(0), reader.GetString(1));
    }
}
