using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Issue 10 point 4 through the CLI: S3 refused (exit 2), S6 warned (exit 0), S23 and S7 shown by `status` and `world show`.</summary>
public sealed class ClusterShapesCliTests
{
    private static string TwoNodeText() => File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n");

    /// <summary>The two-node sample plus exch2, whose primary node2 is exch1's backup and whose backup node1 is exch1's primary.</summary>
    private static string ActiveActive()
    {
        var text = TwoNodeText();
        var exch2 = text[text.IndexOf("  - name: exch1\n", StringComparison.Ordinal)..]
            .Replace("exch1", "exch2", StringComparison.Ordinal).Replace("EXCH1", "EXCH2", StringComparison.Ordinal)
            .Replace("name: E\n", "name: H\n", StringComparison.Ordinal).Replace("name: F\n", "name: I\n", StringComparison.Ordinal)
            .Replace("name: G\n", "name: J\n", StringComparison.Ordinal).Replace("10.0.0.100", "10.0.0.101", StringComparison.Ordinal)
            .Replace("mail.example.com", "mail2.example.com", StringComparison.Ordinal)
            .Replace("node1: 1\n      node2: 10", "node2: 1\n      node1: 10", StringComparison.Ordinal);
        Assert.Contains("node2: 1\n", exch2, StringComparison.Ordinal);
        return text + exch2;
    }

    [Fact]
    public async Task An_active_active_pair_is_refused_by_validate_and_apply_naming_both_hierarchies_with_file_and_line()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("aa.yaml");
        await File.WriteAllTextAsync(yaml, ActiveActive());

        foreach (var verb in new[] { "validate", "apply" })
        {
            var result = (await dir.RunAsync("cluster", verb, yaml)).ShouldExitWith(2);
            var error = Assert.Single(result.ErrorLines, l => l.Contains("aa.yaml:", StringComparison.Ordinal));
            Assert.Matches(@"aa\.yaml:\d+:\d+: Hierarchies 'exch1' and 'exch2' form an active/active pair: .*\(S3\).* Fix: ", error);
        }

        Assert.False(Directory.Exists(dir.Path), "a refused definition must not create the data directory");
    }

    [Fact]
    public async Task A_hierarchy_without_priority_1_is_accepted_with_a_warning_at_its_line()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("p5.yaml");
        var text = TwoNodeText().Replace("      node1: 1\n", "      node1: 5\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(yaml, text);
        var line = text.Split('\n').ToList().FindIndex(l => l == "      node1: 5") + 1;

        foreach (var verb in new[] { "validate", "apply" })
        {
            var result = (await dir.RunAsync("cluster", verb, yaml)).ShouldExitWith(0);
            Assert.Contains($"p5.yaml:{line}:7: warning: Hierarchy 'exch1' has no node at priority 1; node 'node1' (priority 5)", result.StdErr, StringComparison.Ordinal);
        }

        Assert.Equal("node1", Assert.Single((await dir.StatusAsync()).Hierarchies).PlacedOn);
    }

    [Fact]
    public async Task Status_shows_the_declared_routing_groups_and_owner_list_and_world_show_the_manual_start_of_optional_services()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("rg.yaml");
        await File.WriteAllTextAsync(yaml, TwoNodeText()
            .Replace("    address: 10.0.0.11\n", "    address: 10.0.0.11/24\n    routing-group: RG-East\n", StringComparison.Ordinal)
            .Replace("    address: 10.0.0.12\n", "    address: 10.0.0.12/24\n    routing-group: RG-West\n", StringComparison.Ordinal)
            .Replace("hierarchies:\n", "public-folder-owners: [node1, node2]\nhierarchies:\n", StringComparison.Ordinal));

        var applied = (await dir.RunAsync("cluster", "apply", yaml)).ShouldExitWith(0);
        Assert.Contains("set 8 unprotected optional service(s) to manual start", applied.StdOut, StringComparison.Ordinal);

        var table = (await dir.RunAsync("status")).ShouldExitWith(0);
        Assert.Contains("node1 (1, up, RG-East)", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("public-folder owners: node1, node2", table.StdOut, StringComparison.Ordinal);

        var json = JsonDocument.Parse((await dir.RunAsync("status", "--json")).ShouldExitWith(0).StdOut).RootElement;
        Assert.Equal(["node1", "node2"], json.GetProperty("publicFolderOwners").EnumerateArray().Select(e => e.GetString()));
        var nodes = json.GetProperty("hierarchies")[0].GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["RG-East", "RG-West"], nodes.Select(n => n.GetProperty("routingGroup").GetString()));

        var world = JsonDocument.Parse((await dir.RunAsync("world", "show", "--json")).ShouldExitWith(0).StdOut).RootElement;
        var node2 = world.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "node2");
        var modes = node2.GetProperty("services").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("startMode").GetString());
        Assert.Equal("Manual", modes["POP3Svc"]);
        Assert.Equal("Automatic", modes["MSExchangeIS"]);
        var shown = (await dir.RunAsync("world", "show")).ShouldExitWith(0);
        Assert.Contains("POP3Svc (manual)", shown.StdOut, StringComparison.Ordinal);
    }
}
