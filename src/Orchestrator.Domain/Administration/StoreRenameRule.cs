namespace Orchestrator.Domain.Administration;

/// <summary>
/// S11: extending a hierarchy to a node whose database names differ from the primary's. Pure. The renames
/// <see cref="HierarchyExtendRule"/> computed are listed; without <c>--apply-renames</c> the extension is refused, printing them
/// (the same words for <c>hierarchy extend</c> and for <c>cluster apply</c>); with it they are applied before the extension.
/// </summary>
public static class StoreRenameRule
{
    public static AdminVerdict Check(string hierarchy, string target, IReadOnlyList<StoreRename> renames, bool applyRenames)
    {
        ArgumentNullException.ThrowIfNull(renames);
        return renames.Count == 0 || applyRenames
            ? AdminVerdict.Allowed
            : AdminVerdict.Refused($"node {target} of hierarchy {hierarchy}",
                $"the database names on {target} differ from the primary's, so hierarchy {hierarchy} cannot be extended to {target} until they match: "
                + $"{string.Join("; ", renames)}; run again with --apply-renames to rename them, or rename them with Exchange System Manager");
    }
}
