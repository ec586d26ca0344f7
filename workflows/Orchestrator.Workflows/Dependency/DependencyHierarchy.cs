using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Workflows.Dependency;

/// <summary>
/// S5: the hierarchy a dependency command works on. Given (--hierarchy), that one (unknown: refused naming the cluster's);
/// else the one hierarchy whose resource tree holds both resources: none or several is refused (bad input), naming where each
/// resource was found and the fix.
/// </summary>
public static class DependencyHierarchy
{
    public static HierarchyDefinition Find(ClusterDefinition cluster, string parent, string child, string? given)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (given is not null)
        {
            return cluster.FindHierarchy(given)
                ?? throw new BadInputException($"unknown hierarchy '{given}'; the cluster {cluster.Name} has: {string.Join(", ", cluster.Hierarchies.Select(h => h.Name))}");
        }

        var trees = cluster.Hierarchies.Select(h => (Hierarchy: h, Tree: ResourceTree.Of(h))).ToList();
        var both = trees.Where(t => t.Tree.Has(parent) && t.Tree.Has(child)).ToList();
        if (both.Count == 1)
        {
            return both[0].Hierarchy;
        }

        if (both.Count > 1)
        {
            throw new BadInputException(
                $"resources {parent} and {child} are both in hierarchies {string.Join(", ", both.Select(t => t.Hierarchy.Name))}; say which with --hierarchy NAME");
        }

        throw new BadInputException(
            $"no hierarchy holds both resource {parent} ({Where(trees, parent)}) and resource {child} ({Where(trees, child)}); "
            + "check the names (a hierarchy's resources are its application, volume, ip and dns record names in the cluster definition) or say which hierarchy with --hierarchy NAME");
    }

    private static string Where(List<(HierarchyDefinition Hierarchy, ResourceTree Tree)> trees, string resource) =>
        trees.Where(t => t.Tree.Has(resource)).Select(t => t.Hierarchy.Name).ToList() is { Count: > 0 } found
            ? $"in {string.Join(", ", found)}"
            : "in no hierarchy";
}
