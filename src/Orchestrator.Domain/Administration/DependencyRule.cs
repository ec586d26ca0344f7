using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S5: whether a parent/child dependency may be added to or removed from a hierarchy's tree. Pure. Both resources must be in
/// the hierarchy; a resource is never its own parent; a dependency is added once; an addition that closes a cycle (the parent
/// already lies under the child) is refused, since the start order would have no beginning; a removal that leaves the child
/// without any parent (an orphan, no longer under the application resource) is refused.
/// </summary>
public static class DependencyRule
{
    public static AdminVerdict Add(ResourceTree tree, string parent, string child)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (Unknown(tree, parent, child) is { } unknown)
            return unknown;
        var subject = Subject(tree, parent, child);
        if (RuleText.Names.Equals(parent, child))
            return AdminVerdict.Refused(subject, $"resource {parent} cannot depend on itself in hierarchy {tree.Hierarchy}; name two different resources");
        if (tree.Depends(parent, child))
            return AdminVerdict.Refused(subject, $"{parent} already depends on {child} in hierarchy {tree.Hierarchy}; nothing to add");
        return Path(tree, child, parent) is { } path
            ? AdminVerdict.Refused(subject, $"{parent} under {child} would make a cycle in hierarchy {tree.Hierarchy} ({string.Join(" -> ", path)} -> {child}); remove one of those dependencies first or choose another parent")
            : AdminVerdict.Allowed;
    }

    public static AdminVerdict Remove(ResourceTree tree, string parent, string child)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (Unknown(tree, parent, child) is { } unknown)
            return unknown;
        var subject = Subject(tree, parent, child);
        if (!tree.Depends(parent, child))
            return AdminVerdict.Refused(subject, $"{parent} does not depend on {child} in hierarchy {tree.Hierarchy}; nothing to remove");
        var others = tree.ParentsOf(child).Where(p => !RuleText.Names.Equals(p, parent)).ToList();
        return others.Count == 0
            ? AdminVerdict.Refused(subject, $"removing it would leave {child} without a parent, an orphan outside hierarchy {tree.Hierarchy}; add another parent first (`orchestrator dependency add PARENT {child}`) or delete {child}")
            : AdminVerdict.Allowed;
    }

    /// <summary>
    /// Whether <paramref name="tree"/> is a whole hierarchy (a file's 'dependencies'): the application resource on top, under no
    /// other resource, and every other resource under a parent (no orphan). Cycles are <see cref="Add"/>'s to refuse, edge by edge.
    /// </summary>
    public static AdminVerdict Complete(ResourceTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var verdict = AdminVerdict.Allowed;
        foreach (var parent in tree.ParentsOf(tree.Root))
            verdict = verdict.Plus(AdminVerdict.Refused(Subject(tree, parent, tree.Root),
                $"{tree.Root} is the application resource on top of hierarchy {tree.Hierarchy} and cannot depend on a parent ({parent}); remove that dependency"));
        foreach (var orphan in tree.Resources.Where(r => !RuleText.Names.Equals(r, tree.Root) && !tree.ParentsOf(r).Any()))
            verdict = verdict.Plus(AdminVerdict.Refused($"resource {orphan} of hierarchy {tree.Hierarchy}",
                $"{orphan} has no parent, an orphan outside hierarchy {tree.Hierarchy}; add a dependency on it (`orchestrator dependency add PARENT {orphan}`), e.g. under {tree.Root}"));
        return verdict;
    }

    private static AdminVerdict? Unknown(ResourceTree tree, string parent, string child)
    {
        var missing = new[] { parent, child }.Where(r => !tree.Has(r)).Distinct(RuleText.Names).ToList();
        return missing.Count == 0
            ? null
            : AdminVerdict.Refused(Subject(tree, parent, child), $"{RuleText.List([.. missing.Select(m => $"resource {m}")])} {(missing.Count == 1 ? "is" : "are")} not in hierarchy {tree.Hierarchy} (its resources: {string.Join(", ", tree.Resources)}); check the names");
    }

    /// <summary>The resources from <paramref name="from"/> down to <paramref name="to"/>, or null when <paramref name="to"/> is not under it.</summary>
    private static List<string>? Path(ResourceTree tree, string from, string to)
    {
        var seen = new HashSet<string>(RuleText.Names);
        var stack = new Stack<List<string>>();
        stack.Push([from]);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            var last = path[^1];
            if (RuleText.Names.Equals(last, to))
                return path;
            if (!seen.Add(last))
                continue;
            foreach (var next in tree.ChildrenOf(last))
                stack.Push([.. path, next]);
        }

        return null;
    }

    private static string Subject(ResourceTree tree, string parent, string child) => $"dependency {parent} -> {child} of hierarchy {tree.Hierarchy}";
}
