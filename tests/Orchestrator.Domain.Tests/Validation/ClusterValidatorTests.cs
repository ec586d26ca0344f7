using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using static Orchestrator.Domain.Tests.Validation.TestCluster;

namespace Orchestrator.Domain.Tests.Validation;

public class ClusterValidatorTests
{
    private static ValidationError Single(ClusterDefinition d) => Assert.Single(ClusterValidator.Validate(d));

    [Fact]
    public void Validate_AcceptsAValidTwoNodeCluster()
    {
        Assert.Empty(ClusterValidator.Validate(TwoNode()));
    }

    [Fact]
    public void Validate_ReportsAClusterWithoutNodes_AtTheClusterLine()
    {
        var error = Single(TwoNode() with { Nodes = [], Paths = [], Hierarchies = [] });

        Assert.Equal(new SourceLocation(1, 1), error.Location);
        Assert.Contains("no nodes", error.Message);
        Assert.Contains("nodes", error.Fix);
    }

    [Fact]
    public void Validate_ReportsADuplicateNodeName_AtTheSecondNode_IgnoringCase()
    {
        var d = TwoNode();
        var error = Single(d with { Nodes = [.. d.Nodes, Node("NODE1", 8)] });

        Assert.Equal(8, error.Location.Line);
        Assert.Contains("'NODE1' is defined twice", error.Message);
    }

    [Fact]
    public void Validate_ReportsAPathNamingAnUnknownNode_WithItsLine()
    {
        var d = TwoNode();
        var error = Single(d with { Paths = [.. d.Paths, Path("node1", "node9", 11)] });

        Assert.Equal(11, error.Location.Line);
        Assert.Contains("unknown node 'node9'", error.Message);
    }

    [Fact]
    public void Validate_ReportsAPathFromANodeToItself()
    {
        var d = TwoNode();
        var error = Single(d with { Paths = [.. d.Paths, Path("node2", "node2", 11)] });

        Assert.Equal(11, error.Location.Line);
        Assert.Contains("'node2' to itself", error.Message);
    }

    [Fact]
    public void Validate_ReportsADuplicateHierarchyName_AtTheSecondHierarchy()
    {
        var d = TwoNode();
        var second = Hierarchy("EXCH1", 40) with { Volumes = [], Address = null };
        var error = Single(d with { Hierarchies = [.. d.Hierarchies, second] });

        Assert.Equal(40, error.Location.Line);
        Assert.Contains("Hierarchy 'EXCH1' is defined twice", error.Message);
    }

    [Fact]
    public void Validate_ReportsAHierarchyWithoutPriorities_AtTheHierarchyLine()
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Priorities = [] }));

        Assert.Equal(12, error.Location.Line);
        Assert.Contains("'exch1' has no priorities", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1000)]
    public void Validate_ReportsAPriorityOutside1To999_WithItsLine(int priority)
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Priorities = [h.Priorities[0], Priority("node2", priority, 31)] }));

        Assert.Equal(31, error.Location.Line);
        Assert.Contains($"priority {priority}", error.Message);
        Assert.Contains("1 to 999", error.Fix);
    }

    [Fact]
    public void Validate_AcceptsPriority999()
    {
        Assert.Empty(ClusterValidator.Validate(TwoNode().WithHierarchy(h => h with { Priorities = [h.Priorities[0], Priority("node2", 999, 31)] })));
    }

    [Fact]
    public void Validate_ReportsADuplicatePriority_WithItsLine()
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Priorities = [h.Priorities[0], Priority("node2", 1, 31)] }));

        Assert.Equal(31, error.Location.Line);
        Assert.Contains("Priority 1 is used twice in hierarchy 'exch1'", error.Message);
    }

    [Fact]
    public void Validate_ReportsANodeListedTwiceInOneHierarchysPriorities()
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Priorities = [.. h.Priorities, Priority("Node2", 20, 32)] }));

        Assert.Equal(32, error.Location.Line);
        Assert.Contains("'Node2' is listed twice in the priorities of hierarchy 'exch1'", error.Message);
    }

    [Fact]
    public void Validate_ReportsAPriorityNamingAnUnknownNode()
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Priorities = [.. h.Priorities, Priority("node7", 20, 32)] }));

        Assert.Equal(32, error.Location.Line);
        Assert.Contains("unknown node 'node7'", error.Message);
    }

    [Fact]
    public void Validate_ReportsTwoNodesOfAHierarchyWithoutACommunicationPath_NamingBothAndTheHierarchy()
    {
        var error = Single(TwoNode() with { Paths = [] });

        Assert.Equal(31, error.Location.Line);
        Assert.Contains("'node1' and 'node2' share hierarchy 'exch1'", error.Message);
        Assert.Contains("no communication path", error.Message);
        Assert.Contains("'paths' entry between them", error.Fix);
        Assert.Contains("[node1, node2]", error.Fix);
    }

    [Fact]
    public void Validate_AcceptsAPathWrittenInEitherDirection()
    {
        Assert.Empty(ClusterValidator.Validate(TwoNode() with { Paths = [Path("NODE2", "node1", 10)] }));
    }

    [Fact]
    public void Validate_AllowsAHierarchyOnASingleNode()
    {
        var d = TwoNode().WithHierarchy(h => h with { Priorities = [h.Priorities[0]] });

        Assert.Empty(ClusterValidator.Validate(d));
    }

    [Fact]
    public void Validate_ReportsEveryErrorAtOnce_OrderedByLine()
    {
        var d = TwoNode();
        var broken = d with
        {
            Nodes = [.. d.Nodes, Node("node1", 8)],
            Paths = [Path("node1", "node1", 10)],
            Settings = d.Settings with { MaxWaitSeconds = 0 },
            Hierarchies =
            [
                d.Hierarchies[0]
                    .WithServices(Service("Microsoft Exchange Information Store", 16), Service("SMTPSVC", 17, maxWait: 90000))
                    with { Mode = "active-active", Priorities = [Priority("node1", 1, 30), Priority("node2", 1000, 31)] },
            ],
        };

        var errors = ClusterValidator.Validate(broken);

        Assert.Equal([2, 8, 10, 12, 16, 17, 31, 31], errors.Select(e => e.Location.Line));
        Assert.Contains("MAXWAIT 0", errors[0].Message);
        Assert.Contains("'node1' is defined twice", errors[1].Message);
        Assert.Contains("to itself", errors[2].Message);
        Assert.Contains("active-active", errors[3].Message);
        Assert.Contains("whitespace", errors[4].Message);
        Assert.Contains("MAXWAIT 90000", errors[5].Message);
        Assert.Contains("priority 1000", errors[6].Message);
        Assert.Contains("no communication path", errors[7].Message);
    }

    [Fact]
    public void Validate_GivesEveryErrorAMessageAndAFix()
    {
        var errors = ClusterValidator.Validate(TwoNode() with { Name = "", Paths = [Path("a", "b", 10)] });

        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.False(string.IsNullOrWhiteSpace(e.Fix));
            Assert.NotEqual(SourceLocation.Unknown, e.Location);
        });
    }
}
