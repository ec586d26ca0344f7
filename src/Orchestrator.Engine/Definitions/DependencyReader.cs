using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// S5: reads a hierarchy's explicit 'dependencies' ('- {parent: EXCH1, child: E}'), the complete edge list of its tree, and
/// checks it with the Domain's <see cref="DependencyRule"/>, edge by edge (unknown resources, a resource under itself, twice
/// the same edge, cycles) and whole (orphans, the application resource under another), so the file's errors read as the
/// <c>dependency</c> command's refusals.
/// </summary>
internal static class DependencyReader
{
    private static readonly string[] Keys = ["parent", "child"];

    public static IReadOnlyList<ResourceDependency> Read(YamlFields hierarchy, HierarchyDefinition read, DefinitionErrors errors)
    {
        if (hierarchy.Get("dependencies") is null or YamlScalar { Value: null })
            return [];
        var items = hierarchy.List("dependencies");
        var implicitTree = ResourceTree.Of(read with { Dependencies = [] });
        var tree = implicitTree with { Dependencies = [] };
        foreach (var (item, index) in items.Select((item, index) => (item, index)))
        {
            var f = YamlFields.Open(item, _ => $"dependency #{index + 1} of {hierarchy.What}", errors, Keys);
            var parent = f?.Text("parent", "Name the resource that depends: 'parent: EXCH1' (the application resource, a volume, the ip or a DNS record name).");
            var child = f?.Text("child", "Name the resource it depends on: 'child: E'.");
            if (parent is null || child is null)
                continue;
            var verdict = DependencyRule.Add(tree, parent, child);
            if (verdict.IsRefused)
            {
                foreach (var refusal in verdict.Refusals)
                    errors.Add(item.Location, refusal.Message, Fix(hierarchy));
                continue;
            }

            tree = tree with { Dependencies = [.. tree.Dependencies, new ResourceDependency(Named(tree, parent), Named(tree, child))] };
        }

        if (tree.Dependencies.Count == 0)
        {
            if (items.Count == 0)
                errors.Add(hierarchy.Get("dependencies")!.Location, $"'dependencies' of {hierarchy.What} is empty.",
                    "Remove 'dependencies' to keep the implicit tree (the application resource over every other resource), or list the edges.");
            return [];
        }

        foreach (var refusal in DependencyRule.Complete(tree).Refusals)
            errors.Add(hierarchy.Get("dependencies")!.Location, refusal.Message, Fix(hierarchy));
        return tree.Dependencies;
    }

    private static string Named(ResourceTree tree, string resource) => tree.Resources.First(r => string.Equals(r, resource, StringComparison.OrdinalIgnoreCase));

    private static string Fix(YamlFields hierarchy) =>
        $"Correct the 'dependencies' of {hierarchy.What}: the complete tree, each edge once, the application resource on top and every other resource under a parent.";
}
