using Orchestrator.Engine.Definitions;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Workflows.Tests.Switchover;

public sealed class SwitchoverPlanTests
{
    private static readonly Domain.Cluster.ClusterDefinition Cluster =
        ClusterDefinitionParser.ParseFile(Path.Combine(RepositoryRoot.Path, "workflows", "samples", "two-node.yaml")).Definition!;

    private static IReadOnlyList<Storage.Procedures.PlannedStep> Plan(string source = "node1", string target = "node2") =>
        SwitchoverPlan.Build(Cluster, Cluster.FindHierarchy("exch1")!, source, target);

    [Fact]
    public void Plan_StopsServicesInReverseOrder_OnTheSource_AndStartsThemInOrder_OnTheTarget()
    {
        var services = Cluster.FindHierarchy("exch1")!.Application.Services.Select(s => s.Name).ToList();
        var plan = Plan();
        var stops = plan.Where(s => s.Action == StepActions.ServiceStop).ToList();
        var starts = plan.Where(s => s.Action == StepActions.ServiceStart).ToList();
        Assert.Equal(services.AsEnumerable().Reverse(), stops.Select(s => s.Target));
        Assert.All(stops, s => Assert.Equal("node1", s.Node));
        Assert.Equal(services, starts.Select(s => s.Target));
        Assert.All(starts, s => Assert.Equal("node2", s.Node));
    }

    [Fact]
    public void Plan_TakesParentsOutBeforeChildren_AndBringsChildrenInBeforeParents()
    {
        var actions = Plan().Select(s => s.Action).ToList();
        int Last(string a) => actions.LastIndexOf(a);
        int First(string a) => actions.IndexOf(a);
        Assert.Equal(StepActions.VerifyTarget, actions[0]);
        Assert.True(Last(StepActions.ServiceStop) < First(StepActions.ShareRemove));
        Assert.True(Last(StepActions.ShareRemove) < First(StepActions.AddressRelease));
        Assert.True(First(StepActions.AddressRelease) < First(StepActions.VolumeUnmount));
        Assert.True(Last(StepActions.VolumeUnmount) < First(StepActions.VolumeMount));
        Assert.True(Last(StepActions.VolumeMount) < First(StepActions.AddressAcquire));
        Assert.True(First(StepActions.AddressAcquire) < First(StepActions.DnsUpdate));
        Assert.True(First(StepActions.DnsUpdate) < First(StepActions.ServiceStart));
        Assert.True(Last(StepActions.ServiceStart) < First(StepActions.ShareCreate));
    }

    [Fact]
    public void Plan_MovesTheSharesOfS9_WithTheHierarchy()
    {
        var plan = Plan();
        var removed = plan.Where(s => s.Action == StepActions.ShareRemove).Select(s => s.Target).ToList();
        var restored = plan.Where(s => s.Action == StepActions.ShareCreate).Select(s => s.Target).ToList();
        Assert.Equal(["Address", "Resources$", "$EXCH1.log"], removed);
        Assert.Equal(removed, restored);
    }

    [Fact]
    public void Plan_UsesEachServicesMaxWait_OrTheClusterDefault()
    {
        var plan = Plan();
        var hierarchy = Cluster.FindHierarchy("exch1")!;
        foreach (var step in plan.Where(s => s.Action == StepActions.ServiceStart))
        {
            var service = hierarchy.Application.Services.Single(s => s.Name == step.Target);
            Assert.Equal(service.MaxWaitSeconds ?? Cluster.Settings.MaxWaitSeconds, step.MaxWaitSeconds);
        }
    }

    [Fact]
    public void Plan_OnlyBringsInService_WhenTheHierarchyIsInServiceNowhere()
    {
        var plan = Plan(source: "");
        Assert.DoesNotContain(plan, s => s.Phase == SwitchoverStates.TakingOutOfService);
        Assert.Contains(plan, s => s.Phase == SwitchoverStates.BringingInService);
    }
}
