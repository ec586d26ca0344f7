using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Procedures;
using Orchestrator.Workflows.Resources;
using static Orchestrator.Workflows.Services.ServicesStates;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14: the world-effect steps of a services change (the definition.store step comes after them). Pure. Nodes in priority order.
/// Added: each service to manual start on every node of the hierarchy (S7: protected services start only when the orchestrator
/// starts them), then started in the given order on <c>inServiceOn</c> (as a move would have started it there). Removed: stopped
/// on <c>inServiceOn</c> in reverse start order, then set to manual start on every node (S7: an unprotected service must not run
/// outside the orchestrator's control). A hierarchy in service nowhere starts and stops nothing.
/// </summary>
public static class ServicesPlan
{
    public static IReadOnlyList<PlannedStep> Added(HierarchyDefinition hierarchy, IReadOnlyList<string> added, string? inServiceOn, int maxWaitSeconds)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(added);
        var modes = StartModes(hierarchy, added, maxWaitSeconds);
        var starts = inServiceOn is null
            ? []
            : added.Select(s => new PlannedStep(StartingServices, StepActions.ServiceStart, inServiceOn, s, maxWaitSeconds));
        return [.. modes, .. starts];
    }

    public static IReadOnlyList<PlannedStep> Removed(HierarchyDefinition hierarchy, IReadOnlyList<string> removed, string? inServiceOn, int maxWaitSeconds)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(removed);
        var inStartOrder = hierarchy.Application.Services.Select(s => s.Name).Where(s => removed.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        var stops = inServiceOn is null
            ? []
            : Enumerable.Reverse(inStartOrder).Select(s => new PlannedStep(StoppingServices, StepActions.ServiceStop, inServiceOn, s, maxWaitSeconds));
        return [.. stops, .. StartModes(hierarchy, inStartOrder, maxWaitSeconds)];
    }

    private static IEnumerable<PlannedStep> StartModes(HierarchyDefinition hierarchy, IReadOnlyList<string> services, int maxWaitSeconds) =>
        hierarchy.Priorities.OrderBy(p => p.Priority).SelectMany(p => services.Select(s =>
            new PlannedStep(SettingStartModes, ServicesStepActions.StartMode, p.Node, ServiceStartModeAction.Target(s, ServiceStartMode.Manual), maxWaitSeconds)));
}
