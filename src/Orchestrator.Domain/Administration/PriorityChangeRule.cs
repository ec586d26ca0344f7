using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S6: whether a hierarchy's priorities may change from <c>stored</c> to <c>next</c> on the nodes both keep. Pure. A kept
/// node's priority outside 1–999 or used twice among them is refused; a change of which node has the best priority (swapping the primary's and a backup's)
/// is warned against — the kit takes priority 1 as the primary Exchange server — and needs <c>--force</c>. Nodes added or
/// removed are judged by <see cref="HierarchyExtendRule"/> and <see cref="HierarchyUnextendRule"/>.
/// </summary>
public static class PriorityChangeRule
{
    public static AdminVerdict Check(HierarchyDefinition stored, HierarchyDefinition next)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(next);
        var subject = $"hierarchy {next.Name}";
        var findings = new List<AdminFinding>();
        var kept = next.Priorities.Where(p => stored.Includes(p.Node)).ToList();
        foreach (var p in kept.Where(p => p.Priority < NodePriority.Min || p.Priority > NodePriority.Max))
        {
            findings.Add(new(AdminFindingKind.Refused, subject, $"priority {p.Priority} of {p.Node} in hierarchy {next.Name} is outside {NodePriority.Min}-{NodePriority.Max}; choose an unused number in {NodePriority.Min}-{NodePriority.Max}"));
        }

        foreach (var twice in kept.GroupBy(p => p.Priority).Where(g => g.Count() > 1))
        {
            findings.Add(new(AdminFindingKind.Refused, subject, $"priority {twice.Key} is used by {RuleText.List([.. twice.Select(p => p.Node)])} in hierarchy {next.Name}; give each node its own number"));
        }

        if (findings.Count == 0 && kept.Count > 0 && stored.Includes(stored.PrimaryNode) && next.Includes(stored.PrimaryNode))
        {
            var was = stored.PrimaryNode;
            var best = kept.OrderBy(p => p.Priority).First().Node;
            if (!RuleText.Names.Equals(best, was))
            {
                findings.Add(new(AdminFindingKind.NeedsForce, subject,
                    $"the priorities of hierarchy {next.Name} make {best} (priority {next.PriorityOf(best)}) preferred over its primary {was} (priority {next.PriorityOf(was)}); "
                    + $"the kit takes priority 1 as the primary Exchange server (S6): keep {was} first, or apply with --force"));
            }
        }

        return new AdminVerdict(findings);
    }
}
