using Orchestrator.Domain.Administration;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// Issue 16: what `cluster apply` would do with a file: the cluster, the stored version it starts from (null: none yet), the
/// changes in words (<see cref="ClusterChanges"/>), every refusal and S6 warning of the administration rules, and the store
/// renames S11 extensions need (applied only with --apply-renames).
/// </summary>
public sealed record ApplyPlan(
    string Cluster,
    long? FromVersion,
    IReadOnlyList<string> Changes,
    AdminVerdict Verdict,
    IReadOnlyList<PlannedRename> Renames)
{
    /// <summary>True when the file's text is the stored current version: nothing to do.</summary>
    public bool Current { get; init; }
}
