using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Engine.Admission;

/// <summary>
/// What the ports say now, as the admission rule needs it for one hierarchy: the nodes that are up, the communication
/// paths that carry traffic, each node's mirror state, where the other hierarchies are (or are being moved), the
/// hierarchy's recent node failures (with their acknowledgements) and the time.
/// </summary>
public sealed record ClusterObservation(
    IReadOnlySet<string> UpNodes,
    IReadOnlyList<CommunicationPath> LivePaths,
    IReadOnlyDictionary<string, MirrorState> Mirrors,
    IReadOnlyList<HierarchyPlacement> OtherHierarchies,
    IReadOnlyList<NodeFailure> Failures,
    DateTimeOffset Now)
{
    /// <summary>The situation of moving <paramref name="hierarchy"/> from <paramref name="source"/> onto <paramref name="target"/>.</summary>
    public MoveSituation Move(
        ClusterDefinition cluster, HierarchyDefinition hierarchy, MoveKind kind, string? source, string target, bool automatic, long? procedureId = null) =>
        new(cluster, hierarchy, kind, source, target, UpNodes, LivePaths, OtherHierarchies, Mirrors, Failures, Now, automatic, procedureId);

    /// <summary>The situation of choosing a failover target for <paramref name="hierarchy"/> after <paramref name="failedNode"/> failed.</summary>
    public FailoverSituation Failover(ClusterDefinition cluster, HierarchyDefinition hierarchy, string failedNode, bool automatic) =>
        new(cluster, hierarchy, failedNode, UpNodes, OtherHierarchies, Mirrors, RequestedByOperator: true, Failures, Now, automatic);
}
