using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Administration;
using Orchestrator.Workflows.Resources;
using Orchestrator.Workflows.Services;
using static Orchestrator.Workflows.RemoveProtection.RemoveProtectionStates;

namespace Orchestrator.Workflows.RemoveProtection;

/// <summary>
/// S17: the world-effect steps of removing a hierarchy's protection (the definition.store step, which removes it from the
/// definition, comes after them). Pure. Every protected service back to automatic start on every node (priority order, start
/// order); the DNS records pointed at <c>inServiceOn</c> (none when it is in service nowhere: there is no server to point
/// clients at); then the world forgets the hierarchy (<c>hierarchy delete</c>'s step, which leaves the S10 tombstone when it is in service on a backup). Nothing is stopped, unmounted or released.
/// </summary>
public static class RemoveProtectionPlan
{
    public static IReadOnlyList<PlannedStep> Steps(HierarchyDefinition hierarchy, string? inServiceOn, int maxWaitSeconds)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var nodes = hierarchy.Priorities.OrderBy(p => p.Priority).Select(p => p.Node).ToList();
        var releases = nodes.SelectMany(n => hierarchy.Application.Services.Select(s =>
            new PlannedStep(ReleasingServices, ServicesStepActions.StartMode, n, ServiceStartModeAction.Target(s.Name, ServiceStartMode.Automatic), maxWaitSeconds)));
        var records = inServiceOn is null
            ? []
            : hierarchy.Dns.Select(d => new PlannedStep(PointingClients, StepActions.DnsUpdate, inServiceOn, $"{d.Type} {d.Name}", maxWaitSeconds));
        PlannedStep forget = new(ForgettingHierarchy, AdminStepActions.HierarchyDelete, hierarchy.PrimaryNode, hierarchy.Name, maxWaitSeconds);
        return [.. releases, .. records, forget];
    }
}
