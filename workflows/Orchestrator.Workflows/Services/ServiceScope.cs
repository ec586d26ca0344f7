using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;

namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14 "on all systems at once, otherwise on this system only": the definition keeps ONE service list per hierarchy, and a
/// failover starts that list on whichever node takes over. A change made on one node only would leave the others starting a
/// different list than the one set, so on a hierarchy of more than one node it is refused unless <c>--all-nodes</c> says the
/// change is meant for every node (which is what the procedure then does). Pure.
/// </summary>
public static class ServiceScope
{
    public static AdminVerdict Check(HierarchyDefinition hierarchy, bool allNodes, string command)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var nodes = hierarchy.Priorities.OrderBy(p => p.Priority).Select(p => p.Node).ToList();
        return nodes.Count > 1 && !allNodes
            ? AdminVerdict.Refused($"hierarchy {hierarchy.Name}",
                $"hierarchy {hierarchy.Name} runs on {string.Join(", ", nodes)} and keeps one service list for all of them (a failover would start a different list than the one set on one node): "
                + $"run `orchestrator {command} --all-nodes` to change it on every node")
            : AdminVerdict.Allowed;
    }
}
