using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.ReplicaListUpdate;
using Orchestrator.Workflows.Resources;
using static Orchestrator.Workflows.Switchover.SwitchoverStates;

namespace Orchestrator.Workflows.Switchover;

/// <summary>
/// The steps of a switchover, one per resource action (S5): out of service parents before children,
/// in service children before parents — volumes too, when the hierarchy's tree puts one volume under another.
/// </summary>
public static class SwitchoverPlan
{
    public static IReadOnlyList<PlannedStep> Build(ClusterDefinition cluster, HierarchyDefinition h, string source, string target)
    {
        var maxWait = cluster.Settings.MaxWaitSeconds;
        var steps = new List<PlannedStep> { new(Preparing, StepActions.VerifyTarget, target, target, maxWait) };
        if (!string.IsNullOrEmpty(source))
        {
            steps.AddRange(OutOfService(cluster, h, source, TakingOutOfService, maxWait));
        }

        steps.AddRange(InService(cluster, h, target, BringingInService, maxWait));
        if (!string.IsNullOrEmpty(source))
        {
            steps.AddRange(ReplicaUpdateStep.After(cluster, BringingInService, source, target));
        }

        return steps;
    }

    /// <summary>Stop services in reverse order, remove the shares, release the IP (S21: on a node of its subnet), unmount the volumes.</summary>
    public static IEnumerable<PlannedStep> OutOfService(ClusterDefinition cluster, HierarchyDefinition h, string node, string phase, int maxWait)
    {
        foreach (var service in h.Application.Services.Reverse())
        {
            yield return new PlannedStep(phase, StepActions.ServiceStop, node, service.Name, service.MaxWaitSeconds ?? maxWait);
        }

        foreach (var share in h.Application.Shares)
        {
            yield return new PlannedStep(phase, StepActions.ShareRemove, node, share, maxWait);
        }

        if (h.Address is { } address && ClientRedirectionRule.MovesAddress(cluster, h, node))
        {
            yield return new PlannedStep(phase, StepActions.AddressRelease, node, address.Address, maxWait);
        }

        foreach (var volume in VolumesChildrenFirst(h).Reverse())
        {
            yield return new PlannedStep(phase, StepActions.VolumeUnmount, node, volume, maxWait);
        }
    }

    /// <summary>
    /// Mount the volumes, acquire the IP (S21: only on a node of its subnet; a node in another subnet is reached by DNS),
    /// point DNS, start services in order, restore the shares.
    /// </summary>
    public static IEnumerable<PlannedStep> InService(ClusterDefinition cluster, HierarchyDefinition h, string node, string phase, int maxWait)
    {
        foreach (var volume in VolumesChildrenFirst(h))
        {
            yield return new PlannedStep(phase, StepActions.VolumeMount, node, volume, maxWait);
        }

        if (h.Address is { } address && ClientRedirectionRule.MovesAddress(cluster, h, node))
        {
            yield return new PlannedStep(phase, StepActions.AddressAcquire, node, address.Address, maxWait);
        }

        foreach (var record in h.Dns)
        {
            yield return new PlannedStep(phase, StepActions.DnsUpdate, node, $"{record.Type} {record.Name}", maxWait);
        }

        foreach (var service in h.Application.Services)
        {
            yield return new PlannedStep(phase, StepActions.ServiceStart, node, service.Name, service.MaxWaitSeconds ?? maxWait);
        }

        foreach (var share in h.Application.Shares)
        {
            yield return new PlannedStep(phase, StepActions.ShareCreate, node, share, maxWait);
        }
    }

    /// <summary>S5: the volumes in mount order, a volume after those under it in the tree; with the implicit tree, as written.</summary>
    private static IReadOnlyList<string> VolumesChildrenFirst(HierarchyDefinition h) =>
        ResourceTree.Of(h).ChildrenFirst([.. h.Volumes.Select(v => v.Name)]);
}
