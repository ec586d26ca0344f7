using Orchestrator.Domain.Cluster;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.ReplicaListUpdate;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Switchover;
using static Orchestrator.Workflows.Failback.FailbackStates;

namespace Orchestrator.Workflows.Failback;

/// <summary>The steps of a failback: a switchover back to the better node, then users back, queues reconnected and any routing-group swap reversed.</summary>
public static class FailbackPlan
{
    public static IReadOnlyList<PlannedStep> Build(ClusterDefinition cluster, HierarchyDefinition h, string current, string target)
    {
        var maxWait = cluster.Settings.MaxWaitSeconds;
        List<PlannedStep> steps = [new(Preparing, StepActions.VerifyTarget, target, target, maxWait)];
        steps.AddRange(SwitchoverPlan.OutOfService(cluster, h, current, TakingOutOfService, maxWait));
        steps.AddRange(SwitchoverPlan.InService(cluster, h, target, BringingInService, maxWait));
        steps.Add(new PlannedStep(Reconnecting, StepActions.UsersMove, target, current, maxWait));
        steps.Add(new PlannedStep(Reconnecting, StepActions.QueuesReconnect, target, current, maxWait));
        if (!cluster.Settings.NPlusOne)
        {
            steps.Add(new PlannedStep(Reconnecting, StepActions.RoutingRestore, target, current, maxWait));
        }

        steps.AddRange(ReplicaUpdateStep.After(cluster, Reconnecting, current, target));
        return steps;
    }
}
