using Orchestrator.Domain.Cluster;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;

namespace Orchestrator.Workflows.ReplicaListUpdate;

/// <summary>The step a move plans last when replica lists are to be updated (flag on) or the flag is missing (warning 28540).</summary>
public static class ReplicaUpdateStep
{
    public static IEnumerable<PlannedStep> After(ClusterDefinition cluster, string phase, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var s = cluster.Settings;
        if (s.UpdateReplicaList || !s.UpdateReplicaListDeclared)
        {
            yield return new PlannedStep(phase, StepActions.ReplicasUpdate, to, from, s.MaxWaitSeconds);
        }
    }
}
