using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S5: the resources of hierarchy <paramref name="Hierarchy"/> and their dependencies; <paramref name="Root"/> is the
/// application resource on top, the only resource without a parent. Names compare case-insensitively.
/// </summary>
public sealed record ResourceTree(string Hierarchy, string Root, IReadOnlyList<string> Resources, IReadOnlyList<ResourceDependency> Dependencies)
{
    /// <summary>
    /// The tree a definition describes: its explicit 'dependencies' when it has any, else the implicit tree, the application
    /// resource on top with its volumes, switchable address and DNS records (named by their record name) under it.
    /// </summary>
    public static ResourceTree Of(HierarchyDefinition hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var root = hierarchy.Application.Name;
        var children = hierarchy.Volumes.Select(v => v.Name)
            .Concat(hierarchy.Address is { } a ? [a.Address] : [])
            .Concat(hierarchy.Dns.Select(d => d.Name))
            .ToList();
        IReadOnlyList<ResourceDependency> edges = hierarchy.Dependencies.Count > 0
            ? hierarchy.Dependencies
            : [.. children.Select(c => new ResourceDependency(root, c))];
        return new ResourceTree(hierarchy.Name, root, [root, .. children], edges);
    }

    /// <summary>Whether <paramref name="resource"/> lies under <paramref name="ancestor"/> (a descendant: it starts before it and stops after it).</summary>
    public bool IsUnder(string resource, string ancestor)
    {
        var seen = new HashSet<string>(RuleText.Names);
        var pending = new Stack<string>(ParentsOf(resource));
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (RuleText.Names.Equals(next, ancestor))
                return true;
            if (seen.Add(next))
                foreach (var parent in ParentsOf(next))
                    pending.Push(parent);
        }

        return false;
    }

    /// <summary>
    /// S5: <paramref name="resources"/> (some of this tree's) in the order they come into service, children first: a resource
    /// after every one of them under it, otherwise in the given order (so with the implicit tree the order is unchanged).
    /// Out of service is the reverse, parents first.
    /// </summary>
    public IReadOnlyList<string> ChildrenFirst(IReadOnlyList<string> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var pending = resources.ToList();
        var ordered = new List<string>(pending.Count);
        while (pending.Count > 0)
        {
            // The first resource with nothing pending under it; a cycle (which the rules refuse) falls back to the given order.
            var next = pending.FirstOrDefault(r => !pending.Any(o => !ReferenceEquals(o, r) && IsUnder(o, r))) ?? pending[0];
            ordered.Add(next);
            pending.Remove(next);
        }

        return ordered;
    }

    public bool Has(string resource) => Resources.Any(r => RuleText.Names.Equals(r, resource));

    public bool Depends(string parent, string child) =>
        Dependencies.Any(d => RuleText.Names.Equals(d.Parent, parent) && RuleText.Names.Equals(d.Child, child));

    public IEnumerable<string> ChildrenOf(string parent) =>
        Dependencies.Where(d => RuleText.Names.Equals(d.Parent, parent)).Select(d => d.Child);

    public IEnumerable<string> ParentsOf(string child) =>
        Dependencies.Where(d => RuleText.Names.Equals(d.Child, child)).Select(d => d.Parent);
}
