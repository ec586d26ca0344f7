using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S13: whether a hierarchy may be deleted. Pure. Only while in service on its primary, or in service nowhere; refused while in
/// service on a backup (its resources and users would stay there, and re-creating it would need the S10 repair).
/// </summary>
public static class HierarchyDeleteRule
{
    public static AdminVerdict Check(HierarchyDefinition hierarchy, RunningState running)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(running);
        var h = hierarchy;
        return running.NodeOf(h.Name) is { } at && !RuleText.Names.Equals(at, h.PrimaryNode)
            ? AdminVerdict.Refused($"hierarchy {h.Name}",
                $"hierarchy {h.Name} is in service on {at}, a backup: move it back with `orchestrator switchover {h.Name} --to {h.PrimaryNode}` first, then delete it")
            : AdminVerdict.Allowed;
    }
}
