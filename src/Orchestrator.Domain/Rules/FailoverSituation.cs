using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Everything <see cref="FailoverTargetChooser"/> needs to pick a target for <paramref name="Hierarchy"/> after
/// <paramref name="FailedNode"/> failed: which nodes are up, where every other hierarchy is in service
/// (<paramref name="OtherHierarchies"/>, for N+1 admission) and each node's mirror state (<paramref name="Mirrors"/>;
/// a node missing from it is on shared storage, <see cref="MirrorState.None"/>).
/// <paramref name="RequestedByOperator"/> is true for a failover an operator asked for; a monitor-detected
/// failure is refused when automatic failover is disabled (S19). <paramref name="Failures"/> (the hierarchy's recent node
/// failures), <paramref name="Now"/> and <paramref name="Automatic"/> (the monitor's failover, not an operator's) are
/// what anti-flapping reads: a candidate that failed recently is skipped for an automatic failover.
/// Node and hierarchy names compare case-insensitively, whatever comparer the collections use.
/// </summary>
public sealed record FailoverSituation(
    ClusterDefinition Cluster,
    HierarchyDefinition Hierarchy,
    string FailedNode,
    IReadOnlySet<string> UpNodes,
    IReadOnlyList<HierarchyPlacement> OtherHierarchies,
    IReadOnlyDictionary<string, MirrorState> Mirrors,
    bool RequestedByOperator = false,
    IReadOnlyList<NodeFailure>? Failures = null,
    DateTimeOffset Now = default,
    bool Automatic = false)
{
    /// <summary>The mirror state of <paramref name="node"/>; <see cref="MirrorState.None"/> when not listed.</summary>
    public MirrorState MirrorOf(string node) =>
        Mirrors.FirstOrDefault(m => RuleText.Names.Equals(m.Key, node)) is { Key: not null } entry ? entry.Value : MirrorState.None;

    /// <summary>The admission situation of moving the hierarchy from the failed node onto <paramref name="candidate"/>.</summary>
    public MoveSituation MoveTo(string candidate) =>
        new(Cluster, Hierarchy, MoveKind.Failover, FailedNode, candidate, UpNodes, [], OtherHierarchies, Mirrors, Failures ?? [], Now, Automatic);

    public bool IsUp(string node) => UpNodes.Any(n => RuleText.Names.Equals(n, node));
}
