using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Bad input: exit 2, an error that names the object and the fix, and nothing changed.</summary>
public sealed partial class BadInputTests
{
    [GeneratedRegex(@"bad\.yaml:\d+:\d+: .*Fix: ")]
    private static partial Regex BadYamlError();

    /// <summary>Runs a command that must be refused, and checks that it changed nothing in the data directory.</summary>
    private static async Task<string> RefusedWithoutChangeAsync(TempDataDir dir, string[] command, params string[] mentions)
    {
        var before = DataDirSnapshot.Take(dir.Path);
        var auditBefore = await dir.AuditCountAsync();

        var refused = await dir.RunAsync(command);

        refused.ShouldExitWith(2);
        var error = refused.ShouldPrintOneError(mentions);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        Assert.Equal(auditBefore, await dir.AuditCountAsync());
        return error;
    }

    [Fact]
    public async Task Malformed_yaml_is_reported_with_file_line_and_fix_and_creates_nothing()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("bad.yaml");
        await File.WriteAllTextAsync(yaml, "nodes:\n  - name: [oops\n");

        foreach (var verb in new[] { "validate", "apply" })
        {
            var result = await dir.RunAsync("cluster", verb, yaml);
            result.ShouldExitWith(2);
            Assert.True(BadYamlError().IsMatch(result.StdErr), $"expected `bad.yaml:LINE:COL: ... Fix: ...`; {result}");
        }

        Assert.False(Directory.Exists(dir.Path), "a rejected definition must not create the data directory");
    }

    [Fact]
    public async Task A_definition_with_several_errors_lists_them_all_and_applies_nothing()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("bad.yaml");
        await File.WriteAllTextAsync(yaml, """
            cluster: broken
            nodes:
              - name: node1
                address: 10.0.0.11
              - name: node1
                address: 10.0.0.12
              - name: node3
                colour: blue
            hierarchies:
              - name: h
                mode: active-standby
                application:
                  name: X
                  services:
                    - name: S
                priorities:
                  node9: 1
            """);

        var result = await dir.RunAsync("cluster", "apply", yaml);

        result.ShouldExitWith(2);
        var errors = result.ErrorLines.Where(l => BadYamlError().IsMatch(l)).ToList();
        Assert.True(errors.Count >= 3, $"expected every error (duplicate node, unknown key, unknown priority node); {result}");
        Assert.Contains(errors, e => e.Contains("bad.yaml:5:", StringComparison.Ordinal) && e.Contains("node1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:8:", StringComparison.Ordinal) && e.Contains("colour", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:17:", StringComparison.Ordinal) && e.Contains("node9", StringComparison.Ordinal));
        Assert.Contains("nothing was applied", result.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Path));
    }

    [Theory]
    [InlineData("nope", "node2", "'nope'", "exch1")]
    [InlineData("exch1", "node9", "'node9'", "node1, node2")]
    public async Task A_switchover_naming_an_unknown_object_is_refused_and_lists_the_known_ones(string hierarchy, string node, string names, string fix)
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        await RefusedWithoutChangeAsync(dir, ["switchover", hierarchy, "--to", node], names, fix);
        await RefusedWithoutChangeAsync(dir, ["switchover", hierarchy, "--to", node, "--wait"], names, fix);
        Assert.Equal(0, await dir.ProcedureCountAsync());
    }

    [Fact]
    public async Task A_switchover_to_a_node_outside_the_hierarchy_is_refused()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.NPlusOne);

        await RefusedWithoutChangeAsync(dir, ["switchover", "exch1", "--to", "node2", "--wait"], "node2", "exch1", "extend the hierarchy");
        Assert.Equal(0, await dir.ProcedureCountAsync());
    }

    [Fact]
    public async Task A_switchover_to_a_node_that_is_down_is_refused_with_how_to_restore_it()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-node", "node2")).ShouldExitWith(0);

        await RefusedWithoutChangeAsync(dir, ["switchover", "exch1", "--to", "node2", "--wait"], "node2", "down", "world restore-node node2");
        Assert.Equal(0, await dir.ProcedureCountAsync());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("procedures", "list")]
    [InlineData("audit", "list")]
    [InlineData("audit", "verify")]
    [InlineData("world", "show")]
    [InlineData("switchover", "exch1", "--to", "node2", "--wait")]
    [InlineData("procedures", "wait", "1")]
    public async Task A_command_on_an_empty_data_dir_asks_for_cluster_apply_and_creates_nothing(params string[] command)
    {
        using var missing = new TempDataDir();
        var result = await missing.RunAsync(command);
        result.ShouldExitWith(2);
        result.ShouldPrintOneError("no cluster", missing.Path, "cluster apply");
        Assert.False(Directory.Exists(missing.Path), "the data directory must not be created");

        using var empty = new TempDataDir();
        Directory.CreateDirectory(empty.Path);
        (await empty.RunAsync(command)).ShouldExitWith(2);
        Assert.Empty(Directory.EnumerateFileSystemEntries(empty.Path));
    }

    [Fact]
    public async Task A_corrupt_database_is_named_with_the_fix_and_left_byte_for_byte_as_it_was()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var database = Path.Combine(dir.Path, "orchestrator.db");
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(database, garbage);
        var before = DataDirSnapshot.Take(dir.Path);

        string[][] commands =
        [
            ["status"], ["status", "--json"], ["world", "show"], ["procedures", "list"], ["audit", "verify"],
            ["switchover", "exch1", "--to", "node2"], ["switchover", "exch1", "--to", "node2", "--wait"],
            ["cluster", "apply", Samples.TwoNode],
        ];
        foreach (var command in commands)
        {
            var result = await dir.RunAsync(command);
            result.ShouldExitWith(2);
            result.ShouldPrintOneError(database, "backup");
        }

        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        Assert.Equal(garbage, await File.ReadAllBytesAsync(database));
    }

    [Fact]
    public async Task A_corrupt_world_database_is_named_in_the_error()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var world = Path.Combine(dir.Path, "world.db");
        await File.WriteAllBytesAsync(world, new byte[4096]);

        var result = await dir.RunAsync("world", "show");

        result.ShouldExitWith(2);
        result.ShouldPrintOneError("world.db");
    }

    [Fact]
    public async Task Showing_a_procedure_that_does_not_exist_is_refused_with_how_to_list_them()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        await RefusedWithoutChangeAsync(dir, ["procedures", "show", "999"], "#999", "procedures list");
        await RefusedWithoutChangeAsync(dir, ["procedures", "retry", "999"], "#999");
        await RefusedWithoutChangeAsync(dir, ["procedures", "cancel", "999"], "#999");
    }

    [Fact]
    public async Task Re_applying_the_same_definition_says_nothing_changed_and_journals_nothing()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var auditBefore = await dir.AuditCountAsync();
        var databaseBefore = await File.ReadAllBytesAsync(Path.Combine(dir.Path, "orchestrator.db"));

        var again = (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);

        Assert.Contains("nothing changed", again.StdOut, StringComparison.Ordinal);
        Assert.Equal(auditBefore, await dir.AuditCountAsync());
        Assert.Equal(databaseBefore, await File.ReadAllBytesAsync(Path.Combine(dir.Path, "orchestrator.db")));
        Assert.Equal(1, (await dir.StatusAsync()).DefinitionVersion);
    }

    [Fact]
    public async Task A_refused_request_prints_exactly_one_line_on_stderr()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        var result = await dir.RunAsync("switchover", "nope", "--to", "node2");

        result.ShouldExitWith(2);
        Assert.True(result.ErrorLines.Count == 1, $"expected a single stderr line; {result}");
    }
}
