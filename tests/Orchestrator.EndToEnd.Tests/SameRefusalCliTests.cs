using Orchestrator.EndToEnd.Tests.Infrastructure;
using static Orchestrator.Testing.TwoNodeEdits;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 16 acceptance: "each `cluster apply` case refused with the same message as the matching command", compared directly
/// through the real CLI — the command's refusal lines (everything it prints after "error: ") must appear, word for word, in the
/// refusal of the file that makes the same change, and neither changes anything in the data directory.
/// </summary>
public sealed class SameRefusalCliTests
{
    [Fact]
    public async Task With_exch1_on_its_backup_the_commands_and_cluster_apply_refuse_unextend_in_the_same_words()
    {
        using var dir = new TempDataDir();
        await OnBackupAsync(dir, Text);

        await SameAsync(dir, ["hierarchy", "unextend", "exch1", "--from", "node2"], "without-node2", WithoutNode2);
        await SameAsync(dir, ["hierarchy", "unextend", "exch1", "--from", "node1"], "without-node1", WithoutPrimary);
    }

    [Fact]
    public async Task With_exch1_on_its_backup_hierarchy_delete_and_cluster_apply_refuse_its_deletion_in_the_same_words()
    {
        using var dir = new TempDataDir();
        await OnBackupAsync(dir, TwoHierarchies);

        await SameAsync(dir, ["hierarchy", "delete", "exch1"], "exch1-deleted", OnlyExch2);
    }

    [Fact]
    public async Task Extending_to_a_node_whose_database_names_differ_is_refused_by_both_in_the_same_words_listing_the_renames()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(await WriteAsync(dir, "three", WithNode3));
        (await dir.RunAsync("world", "set-stores", "node3", "EXCH1", "--storage-group", "SG Old")).ShouldExitWith(0);

        var lines = await SameAsync(dir, ["hierarchy", "extend", "exch1", "--to", "node3", "--priority", "20"], "extended", Extended);

        Assert.Contains(lines, l => l.Contains("on node3, rename storage group 'SG Old' to 'First Storage Group'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("--apply-renames", StringComparison.Ordinal));
    }

    private static async Task OnBackupAsync(TempDataDir dir, string yaml)
    {
        await dir.ApplyAsync(await WriteAsync(dir, "start", yaml));
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
    }

    /// <summary>Runs the command and the apply of <paramref name="yaml"/>; both exit 2, change nothing, and share the command's finding lines.</summary>
    private static async Task<IReadOnlyList<string>> SameAsync(TempDataDir dir, string[] command, string name, string yaml)
    {
        var file = await WriteAsync(dir, name, yaml);
        var before = DataDirSnapshot.Take(dir.Path);

        var byCommand = (await dir.RunAsync(command)).ShouldExitWith(2);
        var byApply = (await dir.RunAsync("cluster", "apply", file)).ShouldExitWith(2);

        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
        var findings = Findings(byCommand.StdErr);
        Assert.NotEmpty(findings);
        foreach (var line in findings)
        {
            Assert.True(byApply.StdErr.Contains(line, StringComparison.Ordinal), $"`{string.Join(' ', command)}` said '{line}', which `cluster apply` did not say: {byApply}");
        }

        return findings;
    }

    /// <summary>The finding lines of a refusal: its lines without the "error: " prefix, less the command's own closing advice.</summary>
    private static List<string> Findings(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.StartsWith("error: ", StringComparison.Ordinal) ? l["error: ".Length..] : l)
            .Where(l => !l.StartsWith("nothing was changed", StringComparison.Ordinal) && !l.StartsWith("see ", StringComparison.Ordinal) && l.Length > 0)
            .ToList();

    private static async Task<string> WriteAsync(TempDataDir dir, string name, string yaml)
    {
        var file = dir.Sibling($"{name}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        return file;
    }
}
