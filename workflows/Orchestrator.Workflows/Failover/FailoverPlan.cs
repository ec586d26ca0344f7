using Orchestrator.Domain.Cluster;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Switchover;
using static Orchestrator.Workflows.Failover.FailoverStates;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The steps of a failover: fence the failed node first (never two nodes in service), then bring the
/// hierarchy in service on the target as a switchover does, then move the failed server's mailbox users (S22).
/// </summary>
public static class FailoverPlan
{
    public static IReadOnlyList<PlannedStep> Build(ClusterDefinition cluster, HierarchyDefinition h, string failedNode, string target)
    {
        var maxWait = cluster.Settings.MaxWaitSeconds;
        List<PlannedStep> steps = [new(Fencing, StepActions.NodeFence, failedNode, failedNode, maxWait)];
        steps.AddRange(SwitchoverPlan.InService(h, target, BringingInService, maxWait));
        steps.Add(new PlannedStep(BringingInService, StepActions.UsersMove, target, failedNode, maxWait));
        return steps;
    }
}
