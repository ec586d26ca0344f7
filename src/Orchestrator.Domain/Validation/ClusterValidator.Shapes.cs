using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Validation;

/// <summary>S3 and S6: the shapes the kit supports (active/standby only) and the primary at priority 1.</summary>
public static partial class ClusterValidator
{
    /// <summary>
    /// S3: a node that is the primary (active server) of one hierarchy must not be a backup of another: a failover
    /// would run two Exchange servers on it (active/active), which the kit refuses. Several primaries sharing one
    /// standby node (N+1, S4) or a cascade of backups (S2) stay active/standby. Reported once per pair of
    /// hierarchies, at the later hierarchy's priority entry that makes the pair.
    /// </summary>
    private static void CheckActiveActive(ClusterDefinition d, Report add)
    {
        var withPriorities = d.Hierarchies.Where(h => h.Priorities.Count > 0).ToList();
        for (var j = 1; j < withPriorities.Count; j++)
        {
            var later = withPriorities[j];
            for (var i = 0; i < j; i++)
            {
                var earlier = withPriorities[i];
                var (p1, p2) = (earlier.PrimaryNode, later.PrimaryNode);
                if (Names.Equals(p1, p2))
                    continue;
                var earlierPrimaryBacksLater = later.Priorities.FirstOrDefault(p => Names.Equals(p.Node, p1));
                var laterPrimaryBacksEarlier = earlier.Includes(p2);
                if (earlierPrimaryBacksLater is null && !laterPrimaryBacksEarlier)
                    continue;

                var at = earlierPrimaryBacksLater?.Location ?? later.Priorities.First(p => Names.Equals(p.Node, p2)).Location;
                var crossings = new List<string>();
                if (earlierPrimaryBacksLater is not null)
                    crossings.Add($"node {Q(p1)} is the primary of {Q(earlier.Name)} and a backup of {Q(later.Name)}");
                if (laterPrimaryBacksEarlier)
                    crossings.Add($"node {Q(p2)} is the primary of {Q(later.Name)} and a backup of {Q(earlier.Name)}");
                add(at, $"Hierarchies {Q(earlier.Name)} and {Q(later.Name)} form an active/active pair: {string.Join(", and ", crossings)}. "
                    + "Only active/standby is supported (S3): a node that runs one hierarchy must not stand by for another, or a move would put two Exchange servers on it.",
                    $"Give {Q(later.Name)} and {Q(earlier.Name)} backup nodes that are no hierarchy's primary (e.g. one standby node, set up as N+1 with 'spare: true'), "
                    + "or protect both Exchange servers in one hierarchy.");
            }
        }
    }

    /// <summary>
    /// S6: the kit treats the node at priority 1 (the node the hierarchy was created on) as the primary Exchange server and
    /// warns against hierarchies without one; the best-priority node is then taken as the primary. A warning, not a refusal.
    /// </summary>
    private static void CheckPrimaryPriority(ClusterDefinition d, Report warn)
    {
        foreach (var h in d.Hierarchies.Where(h => h.Priorities.Count > 0 && h.Priorities.All(p => p.Priority != NodePriority.Min)))
        {
            var best = h.Priorities.OrderBy(p => p.Priority).First();
            warn(best.Location, $"Hierarchy {Q(h.Name)} has no node at priority 1; node {Q(best.Node)} (priority {best.Priority}) is taken as its primary Exchange server (S6).",
                $"Give the primary node priority 1 ('{FileText.Escape(best.Node)}: 1') and each backup an unused higher number (default 10); the kit treats priority 1 as the primary.");
        }
    }
}
