using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S6/S12: whether a hierarchy may be unextended from a node. Pure. Refused when the node is not in the hierarchy, when it is
/// the hierarchy's only node (delete it instead), when the hierarchy is in service on that node, and from the primary while
/// the hierarchy is in service on a backup (never, S12). Unextending the primary otherwise is warned against (S6: the kit
/// takes priority 1 as the primary Exchange server) and needs <c>--force</c>.
/// </summary>
public static class HierarchyUnextendRule
{
    public static AdminVerdict Check(HierarchyDefinition hierarchy, string node, RunningState running)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(running);
        var h = hierarchy;
        var subject = $"node {node} of hierarchy {h.Name}";
        if (!h.Includes(node))
        {
            return AdminVerdict.Refused(subject, $"hierarchy {h.Name} is not extended to {node} (its nodes: {string.Join(", ", h.Priorities.Select(p => p.Node))}); nothing to unextend");
        }

        if (h.Priorities.Count == 1)
        {
            return AdminVerdict.Refused(subject, $"{node} is the only node of hierarchy {h.Name}; delete the hierarchy instead (`orchestrator hierarchy delete {h.Name}`)");
        }

        var primary = h.PrimaryNode;
        var isPrimary = RuleText.Names.Equals(node, primary);
        var at = running.NodeOf(h.Name);
        if (at is not null && RuleText.Names.Equals(at, node))
        {
            var other = h.Priorities.OrderBy(p => p.Priority).First(p => !RuleText.Names.Equals(p.Node, node)).Node;
            return AdminVerdict.Refused(subject,
                $"hierarchy {h.Name} is in service on {node}; move it off first (`orchestrator switchover {h.Name} --to {other}`), then unextend it from {node}");
        }

        if (isPrimary && at is not null)
        {
            return AdminVerdict.Refused(subject,
                $"hierarchy {h.Name} is in service on {at}, a backup, and {node} is its primary; move it back with `orchestrator switchover {h.Name} --to {node}` first");
        }

        return isPrimary
            ? AdminVerdict.Warn(subject, $"{node} is the primary (priority {h.PriorityOf(node)}) of hierarchy {h.Name}, which the kit takes as the primary Exchange server (S6); unextend it only with --force")
            : AdminVerdict.Allowed;
    }
}
