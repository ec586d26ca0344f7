using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Administration;

/// <summary>
/// What is running, as the administration rules need it (issue 16): where each hierarchy is in service now
/// (<paramref name="InService"/>; a hierarchy absent is in service nowhere), and the hierarchies deleted while in service on a
/// backup node (<paramref name="DeletedOnBackup"/>: their node and the primary their users belong to), whose users a new
/// hierarchy of that name must first move back (S10). Names compare case-insensitively.
/// </summary>
public sealed record RunningState(IReadOnlyList<HierarchyPlacement> InService, IReadOnlyList<HierarchyPlacement> DeletedOnBackup)
{
    public static RunningState Nothing { get; } = new([], []);

    /// <summary>The node <paramref name="hierarchy"/> is in service on, or null when it is in service nowhere.</summary>
    public string? NodeOf(string hierarchy) =>
        InService.FirstOrDefault(p => RuleText.Names.Equals(p.Hierarchy, hierarchy))?.Node;

    /// <summary>The placement of a hierarchy of that name deleted while active on a backup, or null.</summary>
    public HierarchyPlacement? DeletedOnBackupAs(string hierarchy) =>
        DeletedOnBackup.FirstOrDefault(p => RuleText.Names.Equals(p.Hierarchy, hierarchy));
}
