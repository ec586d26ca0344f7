using Orchestrator.Domain.Rules;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S7/S14: adding and removing a hierarchy's protected services. Pure. The start order is kept: added services go after the
/// existing ones in the order given, a removal keeps the others' order. A service name is a service name, not a display name:
/// no spaces, and the <see cref="NameRule"/>. A service protected twice, or named twice, is refused; removing one that is not
/// protected is refused; so is a list left empty. Names compare case-insensitively (Windows service names do).
/// </summary>
public static class ServiceListRule
{
    public static ServiceChange Add(string hierarchy, IReadOnlyList<string> current, IReadOnlyList<string> added)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(added);
        var findings = new List<AdminFinding>();
        foreach (var name in added)
        {
            if (Problem(name) is { } problem)
                findings.Add(Refused(hierarchy, name, $"service name '{name}' {problem}; give the service name, not its display name ({NameRule.Allowed})"));
        }

        foreach (var name in added.Where(a => current.Contains(a, RuleText.Names)).Distinct(RuleText.Names))
            findings.Add(Refused(hierarchy, name, $"service {name} is already protected by hierarchy {hierarchy}; nothing to add"));
        foreach (var twice in added.GroupBy(a => a, RuleText.Names).Where(g => g.Count() > 1))
            findings.Add(Refused(hierarchy, twice.Key, $"service {twice.Key} is named {twice.Count()} times; name it once"));
        return findings.Count > 0 ? new(new AdminVerdict(findings), current) : new(AdminVerdict.Allowed, [.. current, .. added]);
    }

    public static ServiceChange Remove(string hierarchy, IReadOnlyList<string> current, IReadOnlyList<string> removed)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(removed);
        var findings = new List<AdminFinding>();
        foreach (var name in removed.Where(r => !current.Contains(r, RuleText.Names)).Distinct(RuleText.Names))
            findings.Add(Refused(hierarchy, name, $"service {name} is not protected by hierarchy {hierarchy} (its services: {string.Join(", ", current)}); check the name"));
        var left = current.Where(c => !removed.Contains(c, RuleText.Names)).ToList();
        if (findings.Count == 0 && left.Count == 0)
            findings.Add(Refused(hierarchy, removed[0], $"removing {RuleText.List([.. removed])} would leave hierarchy {hierarchy} protecting no service; keep one, or remove protection (`orchestrator hierarchy remove-protection {hierarchy}`)"));
        return findings.Count > 0 ? new(new AdminVerdict(findings), current) : new(AdminVerdict.Allowed, left);
    }

    /// <summary>The whole list a definition gives (<c>cluster apply</c>): each name keeps the rules, and none is named twice.</summary>
    public static AdminVerdict List(string hierarchy, IReadOnlyList<string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Add(hierarchy, [], services).Verdict;
    }

    private static string? Problem(string name) =>
        name.Any(char.IsWhiteSpace) ? "contains a space" : NameRule.Problem(name);

    private static AdminFinding Refused(string hierarchy, string service, string message) =>
        new(AdminFindingKind.Refused, $"service {service} of hierarchy {hierarchy}", message);
}
