using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using static Orchestrator.Domain.Tests.Validation.TestCluster;

namespace Orchestrator.Domain.Tests.Validation;

/// <summary>S3 (active/standby only) and S6 (the primary at priority 1, a warning).</summary>
public class ClusterValidatorShapeTests
{
    private static HierarchyDefinition Second(string primary, string backup) => Hierarchy("exch2", 40, primary, backup) with
    {
        Volumes = [new VolumeResource("H", "database", At(50))],
        Address = new SwitchableAddress("10.0.0.102", At(54)),
    };

    private static ClusterDefinition ThreeNodes(params HierarchyDefinition[] hierarchies) => TwoNode() with
    {
        Nodes = [Node("node1", 5), Node("node2", 6), Node("node3", 7)],
        Paths = [Path("node1", "node2", 9), Path("node2", "node3", 10), Path("node1", "node3", 11)],
        Hierarchies = hierarchies,
    };

    [Fact]
    public void Validate_RefusesTwoHierarchiesEachActiveOnTheOthersBackup_NamingBoth()
    {
        var d = TwoNode() with { Hierarchies = [Hierarchy("exch1", 12, "node1", "node2"), Second("node2", "node1")] };

        var error = Assert.Single(ClusterValidator.Validate(d));

        Assert.Equal(ValidationSeverity.Error, error.Severity);
        Assert.Equal(59, error.Location.Line); // exch2's priority entry for node1, the primary of exch1
        Assert.Contains("'exch1' and 'exch2' form an active/active pair", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 'node1' is the primary of 'exch1' and a backup of 'exch2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 'node2' is the primary of 'exch2' and a backup of 'exch1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(S3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("no hierarchy's primary", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RefusesABackupThatIsAnotherHierarchysPrimary_EvenWithoutTheReverse()
    {
        var d = ThreeNodes(Hierarchy("exch1", 12, "node1", "node2"), Second("node2", "node3"));

        var error = Assert.Single(ClusterValidator.Validate(d));

        Assert.Equal(58, error.Location.Line); // exch2's primary entry: node2 backs up exch1
        Assert.Contains("node 'node2' is the primary of 'exch2' and a backup of 'exch1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AcceptsPrimariesThatShareOneStandbyNode()
    {
        var d = ThreeNodes(Hierarchy("exch1", 12, "node1", "node3"), Second("node2", "node3"));

        Assert.Empty(ClusterValidator.Validate(d));
    }

    [Fact]
    public void Validate_WarnsAtTheBestPriority_WhenAHierarchyHasNoNodeAtPriority1()
    {
        var d = TwoNode().WithHierarchy(h => h with { Priorities = [Priority("node1", 5, 30), Priority("node2", 10, 31)] });

        var warning = Assert.Single(ClusterValidator.Validate(d));

        Assert.Equal(ValidationSeverity.Warning, warning.Severity);
        Assert.Equal(30, warning.Location.Line);
        Assert.Contains("'exch1' has no node at priority 1; node 'node1' (priority 5) is taken as its primary", warning.Message, StringComparison.Ordinal);
        Assert.Contains("'node1: 1'", warning.Fix, StringComparison.Ordinal);
        Assert.StartsWith("c.yaml:30:7: warning: ", warning.Format("c.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DoesNotWarn_WhenThePrimaryHasPriority1()
    {
        Assert.DoesNotContain(ClusterValidator.Validate(TwoNode()), e => e.IsWarning);
    }
}
