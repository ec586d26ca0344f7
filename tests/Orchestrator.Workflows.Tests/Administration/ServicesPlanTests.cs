using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Errors;
using Orchestrator.Workflows.Dependency;
using Orchestrator.Workflows.RemoveProtection;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Services;

namespace Orchestrator.Workflows.Tests.Administration;

/// <summary>The steps of the services, remove-protection and dependency procedures (issue 16, S5/S14/S17), from the two-node sample.</summary>
public sealed class ServicesPlanTests
{
    private static readonly ClusterDefinition Cluster =
        ClusterDefinitionParser.ParseFile(Path.Combine(RepositoryRoot.Path, "workflows", "samples", "two-node.yaml")).Definition!;

    private static HierarchyDefinition Exch1 => Cluster.FindHierarchy("exch1")!;

    private static string Row(Storage.Procedures.PlannedStep s) => $"{s.Phase} {s.Action} {s.Node} {s.Target}";

    [Fact]
    public void Added_SetsManualStartOnEveryNode_ThenStartsInTheGivenOrder_WhereInService()
    {
        var plan = ServicesPlan.Added(Exch1, ["POP3Svc", "IMAP4Svc"], "node2", 900);

        Assert.Equal(
        [
            "SettingStartModes service.start-mode node1 POP3Svc Manual", "SettingStartModes service.start-mode node1 IMAP4Svc Manual",
            "SettingStartModes service.start-mode node2 POP3Svc Manual", "SettingStartModes service.start-mode node2 IMAP4Svc Manual",
            "StartingServices service.start node2 POP3Svc", "StartingServices service.start node2 IMAP4Svc",
        ], plan.Select(Row));
    }

    [Fact]
    public void Removed_StopsInReverseStartOrder_WhereInService_ThenSetsManualStartEverywhere()
    {
        var plan = ServicesPlan.Removed(Exch1, ["w3svc", "MSExchangeSA"], "node1", 900);

        Assert.Equal(
        [
            "StoppingServices service.stop node1 W3SVC", "StoppingServices service.stop node1 MSExchangeSA",
            "SettingStartModes service.start-mode node1 MSExchangeSA Manual", "SettingStartModes service.start-mode node1 W3SVC Manual",
            "SettingStartModes service.start-mode node2 MSExchangeSA Manual", "SettingStartModes service.start-mode node2 W3SVC Manual",
        ], plan.Select(Row));
    }

    [Fact]
    public void InServiceNowhere_StartsAndStopsNothing()
    {
        Assert.DoesNotContain(ServicesPlan.Added(Exch1, ["IMAP4Svc"], null, 900), s => s.Action == StepActions.ServiceStart);
        Assert.DoesNotContain(ServicesPlan.Removed(Exch1, ["W3SVC"], null, 900), s => s.Action == StepActions.ServiceStop);
    }

    [Fact]
    public void ServiceScope_RefusesAChangeOnOneNodeOfAHierarchyOfTwo_NamingAllNodes()
    {
        var refused = ServiceScope.Check(Exch1, allNodes: false, "services add exch1 IMAP4Svc");
        var single = Exch1 with { Priorities = [Exch1.Priorities[0]] };

        Assert.True(refused.IsRefused);
        Assert.Contains("services add exch1 IMAP4Svc --all-nodes", refused.Findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("node1, node2", refused.Findings[0].Message, StringComparison.Ordinal);
        Assert.True(ServiceScope.Check(Exch1, allNodes: true, "x").IsAllowed);
        Assert.True(ServiceScope.Check(single, allNodes: false, "x").IsAllowed);
    }

    [Fact]
    public void RemoveProtection_SetsEveryServiceAutomaticOnEveryNode_PointsDnsWhereInService_ThenForgets()
    {
        var plan = RemoveProtectionPlan.Steps(Exch1, "node2", 900);
        var services = Exch1.Application.Services.Select(s => s.Name).ToList();

        Assert.Equal([.. services.Select(s => $"ReleasingServices service.start-mode node1 {s} Automatic"), .. services.Select(s => $"ReleasingServices service.start-mode node2 {s} Automatic"),
            "PointingClients dns.update node2 A mail.example.com", "ForgettingHierarchy hierarchy.delete node1 exch1"], plan.Select(Row));
        Assert.DoesNotContain(RemoveProtectionPlan.Steps(Exch1, null, 900), s => s.Action == StepActions.DnsUpdate);
        Assert.DoesNotContain(plan, s => s.Action is StepActions.ServiceStop or StepActions.VolumeUnmount or StepActions.AddressRelease);
    }

    [Fact]
    public void DependencyHierarchy_IsTheOneHoldingBoth_OrARefusalNamingWhereEachWasFound()
    {
        Assert.Equal("exch1", DependencyHierarchy.Find(Cluster, "EXCH1", "E", null).Name);
        var none = Assert.Throws<BadInputException>(() => DependencyHierarchy.Find(Cluster, "EXCH1", "Z", null));
        Assert.Contains("resource EXCH1 (in exch1)", none.Message, StringComparison.Ordinal);
        Assert.Contains("resource Z (in no hierarchy)", none.Message, StringComparison.Ordinal);
        Assert.Contains("--hierarchy", none.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<BadInputException>(() => DependencyHierarchy.Find(Cluster, "EXCH1", "E", "exch9"));
        Assert.Contains("exch9", unknown.Message, StringComparison.Ordinal);
        var twice = Cluster with { Hierarchies = [Exch1, Exch1 with { Name = "exch1b" }] };
        var ambiguous = Assert.Throws<BadInputException>(() => DependencyHierarchy.Find(twice, "EXCH1", "E", null));
        Assert.Contains("exch1, exch1b", ambiguous.Message, StringComparison.Ordinal);
    }
}
