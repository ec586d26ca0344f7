using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// Issue 16: every refusal and S6 warning a planner of <c>cluster apply</c> must report for changing the stored definition into
/// the next one, given what is running. Pure. It calls the commands' own rules, once per changed object, so a change is refused
/// with the same message as the matching command: a hierarchy gone is a <see cref="HierarchyDeleteRule"/>; a new one a
/// <see cref="HierarchyCreateRule"/> (with the evidence given in <c>creations</c>, else only what the running state tells); a
/// node gone from a hierarchy an <see cref="HierarchyUnextendRule"/>, a node added an <see cref="HierarchyExtendRule"/>;
/// changed priorities a <see cref="PriorityChangeRule"/>; a changed service list a <see cref="ServiceListRule"/>. A rename (a
/// hierarchy gone and a new one with the same application resource) is a delete plus a create, refused while in service.
/// </summary>
public static class DefinitionChangeRules
{
    public static AdminVerdict Check(ClusterDefinition stored, ClusterDefinition next, RunningState running, IReadOnlyList<HierarchyCreation>? creations = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(running);
        var verdict = AdminVerdict.Allowed;
        var created = next.Hierarchies.Where(h => stored.FindHierarchy(h.Name) is null).ToList();
        foreach (var gone in stored.Hierarchies.Where(h => next.FindHierarchy(h.Name) is null))
        {
            var renamedTo = created.FirstOrDefault(h => RuleText.Names.Equals(h.Application.Name, gone.Application.Name));
            verdict = verdict.Plus(renamedTo is not null && running.NodeOf(gone.Name) is { } at
                ? AdminVerdict.Refused($"hierarchy {gone.Name}",
                    $"hierarchy {gone.Name} is in service on {at}; renaming it to {renamedTo.Name} is a delete plus a create, refused while in service: keep the name {gone.Name}")
                : HierarchyDeleteRule.Check(gone, running));
        }

        foreach (var h in created)
        {
            var creation = creations?.FirstOrDefault(c => RuleText.Names.Equals(c.Hierarchy, h.Name))
                ?? new HierarchyCreation(h.Name, h.PrimaryNode, "C:", [], [], running);
            verdict = verdict.Plus(HierarchyCreateRule.Check(creation with { Running = running }));
        }

        foreach (var after in next.Hierarchies)
        {
            if (stored.FindHierarchy(after.Name) is { } before)
            {
                verdict = verdict.Plus(Changed(before, after, next, running));
            }
        }

        return verdict;
    }

    private static AdminVerdict Changed(HierarchyDefinition before, HierarchyDefinition after, ClusterDefinition next, RunningState running)
    {
        var verdict = AdminVerdict.Allowed;
        foreach (var removed in before.Priorities.Where(p => !after.Includes(p.Node)))
        {
            verdict = verdict.Plus(HierarchyUnextendRule.Check(before, removed.Node, running));
        }

        foreach (var added in after.Priorities.Where(p => !before.Includes(p.Node)))
        {
            var without = after with { Priorities = [.. after.Priorities.Where(p => !ReferenceEquals(p, added))] };
            verdict = verdict.Plus(HierarchyExtendRule.Check(new HierarchyExtension(next, without, added.Node, added.Priority)).Verdict);
        }

        verdict = verdict.Plus(PriorityChangeRule.Check(before, after));
        var servicesBefore = before.Application.Services.Select(s => s.Name).ToList();
        var servicesAfter = after.Application.Services.Select(s => s.Name).ToList();
        if (!servicesBefore.SequenceEqual(servicesAfter, RuleText.Names))
        {
            verdict = verdict.Plus(ServiceListRule.List(after.Name, servicesAfter));
        }

        return verdict;
    }
}
