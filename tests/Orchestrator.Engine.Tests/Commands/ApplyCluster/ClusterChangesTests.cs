using Orchestrator.Engine.Commands.ApplyCluster;
using static Orchestrator.Engine.Tests.Commands.ApplyCluster.TwoNodeVariants;
using static Orchestrator.Testing.TwoNodeEdits;

namespace Orchestrator.Engine.Tests.Commands.ApplyCluster;

/// <summary>Issue 16: the plan of `cluster apply` in words, one line per change, in a stable order.</summary>
public sealed class ClusterChangesTests
{
    [Fact]
    public void The_same_definition_changes_nothing()
    {
        Assert.Empty(ClusterChanges.Between(Parse(Text), Parse(Text)));
    }

    [Fact]
    public void A_first_apply_defines_the_cluster_and_creates_every_hierarchy_node_and_path()
    {
        Assert.Equal(
            [
                "define cluster exchange-two-node (first apply)",
                "create hierarchy exch1 (application EXCH1) on node1, nodes node1 (1), node2 (10)",
                "add node node1 (10.0.0.11)",
                "add node node2 (10.0.0.12)",
                "add communication path node1-node2 (tcp)",
            ],
            ClusterChanges.Between(null, Parse(Text)));
    }

    [Fact]
    public void Nodes_removed_from_a_hierarchy_and_swapped_priorities_are_named_with_their_priorities()
    {
        Assert.Equal(["unextend hierarchy exch1 from node2 (priority 10)"], ClusterChanges.Between(Parse(Text), Parse(WithoutNode2)));
        Assert.Equal(["unextend hierarchy exch1 from node1 (priority 1)"], ClusterChanges.Between(Parse(Text), Parse(WithoutPrimary)));
        Assert.Equal(
            ["change the priority of node2 in hierarchy exch1 from 10 to 1", "change the priority of node1 in hierarchy exch1 from 1 to 10"],
            ClusterChanges.Between(Parse(Text), Parse(Swapped)));
    }

    [Fact]
    public void A_rename_is_a_delete_plus_a_create_deletes_coming_first()
    {
        Assert.Equal(
            [
                "delete hierarchy exch1: renamed to exch9 (a delete plus a create)",
                "create hierarchy exch9 (application EXCH1) on node1, nodes node1 (1), node2 (10): renamed from exch1",
            ],
            ClusterChanges.Between(Parse(Text), Parse(Renamed)));
    }

    [Fact]
    public void An_extension_to_a_new_node_comes_before_the_cluster_level_changes()
    {
        Assert.Equal(
            [
                "extend hierarchy exch1 to node3 at priority 20",
                "add node node3 (10.0.0.13)",
                "add communication path node1-node3 (tcp)",
                "add communication path node2-node3 (tcp)",
            ],
            ClusterChanges.Between(Parse(Text), Parse(Extended)));
    }

    [Fact]
    public void Services_settings_and_max_waits_are_each_one_line()
    {
        var next = Edit(Edit("        - name: W3SVC\n", ""), "  maxwait: 900\n", "  maxwait: 600\n")
            .Replace("        - name: MSExchangeIS\n", "        - name: MSExchangeIS\n          maxwait: 120\n", StringComparison.Ordinal);

        Assert.Equal(
            [
                "change the services of hierarchy exch1 from RESvc, MSExchangeSA, MSExchangeIS, SMTPSVC, W3SVC to RESvc, MSExchangeSA, MSExchangeIS, SMTPSVC",
                "change the max-wait of service MSExchangeIS of hierarchy exch1 from (the cluster's) to 120 s",
                "change setting maxwait from 900 to 600",
            ],
            ClusterChanges.Between(Parse(Text), Parse(next)));
    }

    [Fact]
    public void Dependency_changes_compare_the_resource_trees_edge_by_edge()
    {
        var next = Edit(
            "    # node1 is the primary at priority 1",
            "    dependencies:\n      - {parent: EXCH1, child: E}\n      - {parent: E, child: F}\n      - {parent: EXCH1, child: G}\n"
            + "      - {parent: EXCH1, child: 10.0.0.100}\n      - {parent: EXCH1, child: mail.example.com}\n    # node1 is the primary at priority 1");

        Assert.Equal(
            ["add dependency E -> F in hierarchy exch1", "remove dependency EXCH1 -> F in hierarchy exch1"],
            ClusterChanges.Between(Parse(Text), Parse(next)));
    }

    [Fact]
    public void A_hierarchy_deleted_names_its_application_and_the_nodes_and_paths_removed_follow()
    {
        Assert.Equal(
            ["delete hierarchy exch1 (application EXCH1)", "add node node3 (10.0.0.13)", "add communication path node1-node3 (tcp)", "add communication path node2-node3 (tcp)"],
            ClusterChanges.Between(Parse(Extended) with { Nodes = Parse(Text).Nodes, Paths = Parse(Text).Paths }, Parse(WithNode3) with { Hierarchies = [] }));
    }
}
