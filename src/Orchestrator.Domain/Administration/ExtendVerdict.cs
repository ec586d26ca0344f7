namespace Orchestrator.Domain.Administration;

/// <summary>
/// The outcome of <see cref="HierarchyExtendRule.Check"/>: the verdict, the priority the backup gets, and the renames the
/// backup needs (S11) — listed, applied with <c>--apply-renames</c>, or the procedure stops printing them.
/// </summary>
public sealed record ExtendVerdict(AdminVerdict Verdict, int Priority, IReadOnlyList<StoreRename> Renames);
