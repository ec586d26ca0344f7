using Orchestrator.Domain.Administration;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Workflows.Administration;

/// <summary>
/// An administration procedure to create (issue 16): its <paramref name="Kind"/>, the hierarchy it is keyed by (so it conflicts
/// with any move of it), the node it works on, its world-effect <paramref name="Steps"/> (the definition.store step is added
/// after them), the next definition text and the stored version it was computed from, the command in words
/// (<paramref name="Source"/>), who asked and why, and the S6 warnings overridden with --force (audited).
/// <paramref name="PlacedAfter"/> is where the hierarchy is in service once it completes (null: nowhere to record, e.g. deleted).
/// </summary>
public sealed record AdminLaunch(
    string Kind,
    string Hierarchy,
    string Node,
    IReadOnlyList<PlannedStep> Steps,
    string NextYaml,
    long BaseVersion,
    string Source,
    string Actor,
    string? Reason,
    IReadOnlyList<AdminFinding> Overridden,
    string? PlacedAfter,
    int MaxWaitSeconds);
