using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;
using static Orchestrator.Domain.Tests.Validation.TestCluster;

namespace Orchestrator.Domain.Tests.Validation;

public class ClusterValidatorResourceTests
{
    private static ValidationError Single(ClusterDefinition d) => Assert.Single(ClusterValidator.Validate(d));

    private static ClusterDefinition NPlusOne(params HierarchyDefinition[] hierarchies) => TwoNode() with
    {
        Settings = TwoNode().Settings with { NPlusOne = true },
        Nodes = [Node("node1", 5), Node("node2", 6), Node("node4", 7, spare: true)],
        Paths = [Path("node1", "node4", 9), Path("node2", "node4", 10)],
        Hierarchies = hierarchies.Length > 0 ? hierarchies : [
            Hierarchy("exch1", 12, "node1", "node4"),
            Hierarchy("exch2", 40, "node2", "node4") with
            {
                Volumes = [new VolumeResource("H", "database", At(50))],
                Address = new SwitchableAddress("10.0.0.102", At(54)),
            },
        ],
    };

    [Fact]
    public void Validate_ReportsAServiceNameWithWhitespace_AsADisplayName()
    {
        var error = Single(TwoNode().WithHierarchy(h => h.WithServices(Service("RESvc", 16), Service("Microsoft Exchange Information Store", 17))));

        Assert.Equal(17, error.Location.Line);
        Assert.Contains("'Microsoft Exchange Information Store'", error.Message);
        Assert.Contains("use the service name, not the display name", error.Fix, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("MSExchangeIS", error.Fix);
    }

    [Fact]
    public void Validate_ReportsADuplicateServiceInOneHierarchy()
    {
        var error = Single(TwoNode().WithHierarchy(h => h.WithServices(Service("W3SVC", 16), Service("w3svc", 17))));

        Assert.Equal(17, error.Location.Line);
        Assert.Contains("'w3svc' is listed twice in hierarchy 'exch1'", error.Message);
    }

    [Fact]
    public void Validate_ReportsAHierarchyWithoutServices_AtTheApplicationLine()
    {
        var error = Single(TwoNode().WithHierarchy(h => h.WithServices()));

        Assert.Equal(14, error.Location.Line);
        Assert.Contains("'exch1' protects no services", error.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, true)]
    [InlineData(86401, true)]
    [InlineData(86400, false)]
    [InlineData(1, false)]
    public void Validate_ChecksTheClusterMaxWaitIsWithin1To86400(int seconds, bool refused)
    {
        var d = TwoNode();
        var errors = ClusterValidator.Validate(d with { Settings = d.Settings with { MaxWaitSeconds = seconds } });

        if (refused)
            Assert.Equal(2, Assert.Single(errors).Location.Line);
        else
            Assert.Empty(errors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86401)]
    public void Validate_ReportsAServiceMaxWaitOutsideTheRange_AtTheService(int seconds)
    {
        var error = Single(TwoNode().WithHierarchy(h => h.WithServices(Service("RESvc", 16), Service("MSExchangeIS", 18, seconds))));

        Assert.Equal(18, error.Location.Line);
        Assert.Contains($"'MSExchangeIS' of hierarchy 'exch1' has MAXWAIT {seconds}", error.Message);
    }

    [Fact]
    public void Validate_RefusesActiveActive_WithAFixNamingActiveStandby()
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Mode = "active-active" }));

        Assert.Equal(12, error.Location.Line);
        Assert.Contains("active/active is refused", error.Message);
        Assert.Contains("mode: active-standby", error.Fix);
    }

    [Fact]
    public void Validate_ReportsAVolumeUsedByTwoHierarchies_AtTheSecondUse()
    {
        var errors = ClusterValidator.Validate(NPlusOne(
            Hierarchy("exch1", 12, "node1", "node4") with { Address = null },
            Hierarchy("exch2", 40, "node2", "node4") with { Address = null, Volumes = [new VolumeResource("e", "database", At(50))] }));

        var error = Assert.Single(errors);
        Assert.Equal(50, error.Location.Line);
        Assert.Contains("'e' of hierarchy 'exch2' is already part of hierarchy 'exch1'", error.Message);
    }

    [Fact]
    public void Validate_ReportsASwitchableAddressUsedByTwoHierarchies()
    {
        var errors = ClusterValidator.Validate(NPlusOne(
            Hierarchy("exch1", 12, "node1", "node4"),
            Hierarchy("exch2", 40, "node2", "node4") with { Volumes = [] }));

        var error = Assert.Single(errors);
        Assert.Equal(54, error.Location.Line);
        Assert.Contains("'10.0.0.100' of hierarchy 'exch2' is already used by hierarchy 'exch1'", error.Message);
    }

    [Theory]
    [InlineData("CNAME")]
    [InlineData("MX")]
    public void Validate_ReportsADnsRecordTypeOtherThanAOrPtr(string type)
    {
        var error = Single(TwoNode().WithHierarchy(h => h with { Dns = [.. h.Dns, new DnsRecord(type, "alias.example.com", At(28))] }));

        Assert.Equal(28, error.Location.Line);
        Assert.Contains($"type '{type}'", error.Message);
    }

    [Fact]
    public void Validate_AcceptsPtrRecords()
    {
        Assert.Empty(ClusterValidator.Validate(TwoNode().WithHierarchy(h => h with { Dns = [new DnsRecord("ptr", "100.0.0.10.in-addr.arpa", At(27))] })));
    }

    [Fact]
    public void Validate_AcceptsAnNPlusOneClusterWithOneSpare()
    {
        Assert.Empty(ClusterValidator.Validate(NPlusOne()));
    }

    [Fact]
    public void Validate_ReportsAnNPlusOneClusterWithoutASpare_AtTheSettings()
    {
        var d = NPlusOne();
        var error = Single(d with { Nodes = [.. d.Nodes.Take(2), Node("node4", 7)] });

        Assert.Equal(2, error.Location.Line);
        Assert.Contains("no node is marked spare", error.Message);
    }

    [Fact]
    public void Validate_ReportsASecondSpare_AtTheSecondSpareNode()
    {
        var d = NPlusOne();
        var error = Single(d with { Nodes = [.. d.Nodes, Node("node5", 8, spare: true)] });

        Assert.Equal(8, error.Location.Line);
        Assert.Contains("'node5' is marked spare, but node 'node4' already is", error.Message);
    }

    [Fact]
    public void Validate_ReportsASpareWithPriority1()
    {
        var errors = ClusterValidator.Validate(NPlusOne(Hierarchy("exch1", 12, "node4", "node1")));

        var error = Assert.Single(errors);
        Assert.Equal(30, error.Location.Line);
        Assert.Contains("Spare node 'node4' has priority 1 in hierarchy 'exch1'", error.Message);
    }

    [Fact]
    public void Validate_ReportsASpareNode_WhenTheClusterIsNotNPlusOne()
    {
        var error = Single(TwoNode() with { Nodes = [Node("node1", 5), Node("node2", 7, spare: true)] });

        Assert.Equal(7, error.Location.Line);
        Assert.Contains("n-plus-1: true", error.Fix);
    }
}
