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
    /// The tree a definition describes: the application resource on top, its volumes, switchable address and DNS records
    /// (named by their record name) under it.
    /// </summary>
    public static ResourceTree Of(HierarchyDefinition hierarchy)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        var root = hierarchy.Application.Name;
        var children = hierarchy.Volumes.Select(v => v.Name)
            .Concat(hierarchy.Address is { } a ? [a.Address] : [])
            .Concat(hierarchy.Dns.Select(d => d.Name))
            .ToList();
        return new ResourceTree(hierarchy.Name, root, [root, .. children], [.. children.Select(c => new ResourceDependency(root, c))]);
    }

    public bool Has(string resource) => Resources.Any(r => RuleText.Names.Equals(r, resource));

    public bool Depends(string parent, string child) =>
        Dependencies.Any(d => RuleText.Names.Equals(d.Parent, parent) && RuleText.Names.Equals(d.Child, child));

    public IEnumerable<string> ChildrenOf(string parent) =>
        Dependencies.Where(d => RuleText.Names.Equals(d.Parent, parent)).Select(d => d.Child);

    public IEnumerable<string> ParentsOf(string child) =>
        Dependencies.Where(d => RuleText.Names.Equals(d.Child, child)).Select(d => d.Parent);
}
