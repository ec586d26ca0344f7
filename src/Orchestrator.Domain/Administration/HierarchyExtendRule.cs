using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S1/S6/S11: whether a hierarchy may be extended to a node, and the renames its database names need. Pure. Refused when the
/// node is not in the cluster or already in the hierarchy; when a node of the hierarchy has no communication path to it; when
/// the priority is outside 1–999 or already used by the hierarchy. Names are compared in each server's order, one kind at a
/// time: a backup name that differs from the primary's is a rename; a primary name with no counterpart on the backup is refused
/// (the kit renames, it never creates a storage group or a store).
/// </summary>
public static class HierarchyExtendRule
{
    public static ExtendVerdict Check(HierarchyExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var e = extension;
        var (h, target) = (e.Hierarchy, e.Target);
        var priority = e.Priority ?? HierarchyExtension.DefaultPriority;
        var subject = $"node {target} of hierarchy {h.Name}";
        var findings = new List<AdminFinding>();
        if (e.Cluster.FindNode(target) is null)
        {
            findings.Add(Refused(subject, $"node {target} is not a node of cluster {e.Cluster.Name}; add it under `nodes` (with a communication path) and re-apply the definition first"));
            return new ExtendVerdict(new AdminVerdict(findings), priority, []);
        }

        if (h.Includes(target))
        {
            findings.Add(Refused(subject, $"hierarchy {h.Name} is already extended to {target} (priority {h.PriorityOf(target)}); choose another node"));
            return new ExtendVerdict(new AdminVerdict(findings), priority, []);
        }

        var unreachable = h.Priorities.Select(p => p.Node).Where(n => !e.Cluster.HasPath(n, target)).ToList();
        if (unreachable.Count > 0)
        {
            findings.Add(Refused(subject,
                $"no communication path from {target} to {RuleText.List(unreachable)} of hierarchy {h.Name}; add one under `paths` (between {target} and {unreachable[0]}) and re-apply the definition first"));
        }

        if (priority < NodePriority.Min || priority > NodePriority.Max)
        {
            findings.Add(Refused(subject, $"priority {priority} for {target} is outside {NodePriority.Min}-{NodePriority.Max}; choose an unused number in {NodePriority.Min}-{NodePriority.Max} (default {HierarchyExtension.DefaultPriority})"));
        }
        else if (h.Priorities.FirstOrDefault(p => p.Priority == priority) is { } used)
        {
            findings.Add(Refused(subject, $"priority {priority} is already used by {used.Node} in hierarchy {h.Name}; choose an unused number in {NodePriority.Min}-{NodePriority.Max} (e.g. {Unused(h)})"));
        }

        var renames = new List<StoreRename>();
        if (e.PrimaryNames is { } primary && e.TargetNames is { } backup)
        {
            Compare("storage group", primary.StorageGroups, backup.StorageGroups);
            Compare("mailbox store", primary.MailboxStores, backup.MailboxStores);
            Compare("public store", primary.PublicStores, backup.PublicStores);
        }

        return new ExtendVerdict(new AdminVerdict(findings), priority, renames);

        void Compare(string kind, IReadOnlyList<string> onPrimary, IReadOnlyList<string> onBackup)
        {
            for (var i = 0; i < onPrimary.Count; i++)
            {
                if (i >= onBackup.Count)
                {
                    findings.Add(Refused(subject,
                        $"{kind} '{onPrimary[i]}' of primary {h.PrimaryNode} has no counterpart on {target}; create a {kind} on {target} with Exchange System Manager, then extend again"));
                }
                else if (!string.Equals(onPrimary[i], onBackup[i], StringComparison.Ordinal))
                {
                    renames.Add(new StoreRename(target, kind, onBackup[i], onPrimary[i]));
                }
            }
        }
    }

    private static int Unused(HierarchyDefinition h)
    {
        var candidate = HierarchyExtension.DefaultPriority;
        while (h.Priorities.Any(p => p.Priority == candidate) && candidate < NodePriority.Max)
        {
            candidate += 10;
        }

        return Math.Min(candidate, NodePriority.Max);
    }

    private static AdminFinding Refused(string subject, string message) => new(AdminFindingKind.Refused, subject, message);
}
