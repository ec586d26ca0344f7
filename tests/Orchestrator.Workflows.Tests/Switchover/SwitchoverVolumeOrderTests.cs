using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Switchover;

namespace Orchestrator.Workflows.Tests.Switchover;

/// <summary>S5: the volumes follow the hierarchy's tree: mounted children first, unmounted parents first.</summary>
public sealed class SwitchoverVolumeOrderTests
{
    private static readonly SourceLocation At = SourceLocation.Unknown;

    private static readonly HierarchyDefinition Exch1 = new(
        "exch1", HierarchyDefinition.ActiveStandby,
        new ApplicationResource("EXCH1", [new ProtectedService("MSExchangeIS", null, At)], [], At),
        [new VolumeResource("E", "database", At), new VolumeResource("F", "logs", At), new VolumeResource("G", "smtp-queue", At)],
        null, [], [new NodePriority("node1", 1, At), new NodePriority("node2", 10, At)], At);

    private static ClusterDefinition Cluster(HierarchyDefinition h) => new(
        "c", ClusterSettings.Defaults, [new NodeDefinition("node1", "10.0.0.11", false, At), new NodeDefinition("node2", "10.0.0.12", false, At)],
        [new CommunicationPath("node1", "node2", "tcp", At)], [h], At);

    private static (List<string> Unmounts, List<string> Mounts) Volumes(HierarchyDefinition h)
    {
        var plan = SwitchoverPlan.Build(Cluster(h), h, "node1", "node2");
        return ([.. plan.Where(s => s.Action == StepActions.VolumeUnmount).Select(s => s.Target)],
            [.. plan.Where(s => s.Action == StepActions.VolumeMount).Select(s => s.Target)]);
    }

    [Fact]
    public void WithTheImplicitTree_VolumesMountAsWritten_AndUnmountInReverse()
    {
        var (unmounts, mounts) = Volumes(Exch1);

        Assert.Equal(["E", "F", "G"], mounts);
        Assert.Equal(["G", "F", "E"], unmounts);
    }

    [Fact]
    public void AVolumeUnderAnother_MountsBeforeIt_AndUnmountsAfterIt()
    {
        // EXCH1 over E and G; E over F (the logs volume mounted inside the database one); G over E.
        ResourceDependency[] edges = [new("EXCH1", "G"), new("G", "E"), new("E", "F")];

        var (unmounts, mounts) = Volumes(Exch1 with { Dependencies = edges });

        Assert.Equal(["F", "E", "G"], mounts);
        Assert.Equal(["G", "E", "F"], unmounts);
    }
}
