using Orchestrator.Domain.Cluster;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.ReplicaListUpdate;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Switchover;
using static Orchestrator.Workflows.Failover.FailoverStates;

namespace Orchestrator.Workflows.Failover;

/// <summary>
/// The steps of a failover: fence the failed node first (never two nodes in service), then bring the
/// hierarchy in service on the target as a switchover does, then move the failed server's mailbox users (S22);
/// then the routing-group swap where S23 asks for it (never in N+1), or, in N+1, the default public store
/// rewrite of the spare's mailboxes (S24); last, the background replica-list update starts (S25).
/// </summary>
public static class FailoverPlan
{
    public static IReadOnlyList<PlannedStep> Build(ClusterDefinition cluster, HierarchyDefinition h, string failedNode, string target)
    {
        var maxWait = cluster.Settings.MaxWaitSeconds;
        List<PlannedStep> steps = [new(Fencing, StepActions.NodeFence, failedNode, failedNode, maxWait)];
        steps.AddRange(SwitchoverPlan.InService(cluster, h, target, BringingInService, maxWait));
        steps.Add(new PlannedStep(BringingInService, StepActions.UsersMove, target, failedNode, maxWait));
        if (!cluster.Settings.NPlusOne)
        {
            steps.Add(new PlannedStep(BringingInService, StepActions.RoutingSwap, target, failedNode, maxWait));
        }
        else if (PublicStoreFor(cluster, failedNode, target) is { } store)
        {
            steps.Add(new PlannedStep(BringingInService, StepActions.PublicStoreRewrite, store, target, maxWait));
        }

        steps.AddRange(ReplicaUpdateStep.After(cluster, BringingInService, failedNode, target));
        return steps;
    }

    /// <summary>S24: another primary with a public-folder store (the spare has none), preferring the one named first.</summary>
    private static string? PublicStoreFor(ClusterDefinition cluster, string failedNode, string target) =>
        cluster.Nodes.Where(n => !n.Spare && !Same(n.Name, failedNode) && !Same(n.Name, target)).Select(n => n.Name).FirstOrDefault();

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
