using Orchestrator.Storage.Audit;

namespace Orchestrator.Workflows.RollingUpdate;

/// <summary>
/// `update status`: the run (state, package, schedule, progress, what it does or waits for now), one row per node, and
/// — like Windows Cluster-Aware Updating's report — the audit rows of the run.
/// </summary>
public sealed record RollingUpdateView(
    long Id,
    string Hierarchy,
    string State,
    bool IsActive,
    string Package,
    DateTimeOffset? SwitchbackAt,
    int StepsDone,
    int Steps,
    string? Current,
    string? WaitingFor,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<NodeUpdateView> Nodes,
    IReadOnlyList<AuditEntry> Audit);
