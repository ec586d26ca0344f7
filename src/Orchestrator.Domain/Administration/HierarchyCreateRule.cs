using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// S10: whether a hierarchy may be created. Pure. Refused when a hierarchy of that name was deleted while active on a backup
/// (its users live there: the repair moves them back to the primary first); when any database, transaction log, SMTP queue or
/// badmail directory is on the system drive; when a volume holding that data is not protected by a volume resource, not in
/// service on the node, or already part of another hierarchy. Every problem is reported, each naming the object and the fix.
/// </summary>
public static class HierarchyCreateRule
{
    public static AdminVerdict Check(HierarchyCreation creation)
    {
        ArgumentNullException.ThrowIfNull(creation);
        var c = creation;
        var findings = new List<AdminFinding>();
        var subject = $"hierarchy {c.Hierarchy}";
        if (c.Running.DeletedOnBackupAs(c.Hierarchy) is { } deleted)
        {
            findings.Add(Refused(subject,
                $"a previous hierarchy {deleted.Hierarchy} was deleted while active on backup node {deleted.Node}, so its users still live there; "
                + $"move them back to the primary {deleted.PrimaryNode} with `orchestrator users move --all` first, then create {c.Hierarchy} again"));
        }

        foreach (var file in c.Files.Where(f => RuleText.Names.Equals(Drive(f.Volume), Drive(c.SystemDrive))))
        {
            findings.Add(Refused(subject,
                $"{What(file.Kind)} of {file.Owner} {(Plural(file.Kind) ? "are" : "is")} on the system drive ({Drive(c.SystemDrive)}) at {file.Path}; "
                + $"relocate {(Plural(file.Kind) ? "them" : "it")} to a protected shared or replicated volume with Exchange System Manager, then create {c.Hierarchy} again"));
        }

        var volumes = c.Files.Select(f => f.Volume)
            .Where(v => !RuleText.Names.Equals(Drive(v), Drive(c.SystemDrive)))
            .Distinct(RuleText.Names);
        foreach (var volume in volumes)
        {
            if (c.Volumes.FirstOrDefault(v => RuleText.Names.Equals(Drive(v.Volume), Drive(volume))) is not { } known)
            {
                continue;
            }

            var holds = List(c.Files.Where(f => RuleText.Names.Equals(Drive(f.Volume), Drive(volume))).Select(f => $"{What(f.Kind)} of {f.Owner}"));
            if (known.Resource is null)
            {
                findings.Add(Refused(subject, $"volume {volume} holds {holds} but no volume resource protects it; create a volume resource for {volume} on {c.Node} first"));
            }
            else if (known.Hierarchy is { } other && !RuleText.Names.Equals(other, c.Hierarchy))
            {
                findings.Add(Refused(subject, $"volume {volume} (resource {known.Resource}) holds {holds} but already belongs to hierarchy {other}; move that data to a volume of its own, then create {c.Hierarchy} again"));
            }
            else if (!known.InService)
            {
                findings.Add(Refused(subject, $"volume {volume} (resource {known.Resource}) holds {holds} but is not in service on {c.Node}; bring {known.Resource} in service on {c.Node} first"));
            }
        }

        return new AdminVerdict(findings);
    }

    private static string What(DataFileKind kind) => kind switch
    {
        DataFileKind.Database => "the database (EDB/STM) files",
        DataFileKind.TransactionLog => "the transaction logs",
        DataFileKind.SmtpQueue => "the SMTP queue directory",
        _ => "the badmail directory",
    };

    private static bool Plural(DataFileKind kind) => kind is DataFileKind.Database or DataFileKind.TransactionLog;

    private static string List(IEnumerable<string> items) => RuleText.List([.. items]);

    /// <summary>"c", "C:", "C:\" all name drive C:.</summary>
    private static string Drive(string volume)
    {
        var v = volume.Trim().TrimEnd('\\', '/');
        return v.EndsWith(':') ? v : v + ":";
    }

    private static AdminFinding Refused(string subject, string message) => new(AdminFindingKind.Refused, subject, message);
}
