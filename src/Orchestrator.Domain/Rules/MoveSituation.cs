using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// Everything <see cref="MoveAdmission"/> needs to judge a move of <paramref name="Hierarchy"/> from
/// <paramref name="Source"/> (where it is in service, or the failed node of a failover; null when in service nowhere)
/// to <paramref name="Target"/>: which nodes are up, which communication paths carry traffic now
/// (<paramref name="LivePaths"/>), where the other hierarchies are in service (N+1, S4), each node's mirror state
/// (S27; a node missing from it is on shared storage), the hierarchy's recent node failures (anti-flapping), the
/// time, and whether the move is <paramref name="Automatic"/> (the monitor's) or an operator's;
/// <paramref name="ProcedureId"/> is the procedure being resumed, when one is (its refusal names it).
/// Node and hierarchy names compare case-insensitively, whatever comparer the collections use.
/// </summary>
public sealed record MoveSituation(
    ClusterDefinition Cluster,
    HierarchyDefinition Hierarchy,
    MoveKind Kind,
    string? Source,
    string Target,
    IReadOnlySet<string> UpNodes,
    IReadOnlyList<CommunicationPath> LivePaths,
    IReadOnlyList<HierarchyPlacement> Placements,
    IReadOnlyDictionary<string, MirrorState> Mirrors,
    IReadOnlyList<NodeFailure> Failures,
    DateTimeOffset Now,
    bool Automatic,
    long? ProcedureId = null)
{
    public MirrorState MirrorOf(string node) =>
        Mirrors.FirstOrDefault(m => RuleText.Names.Equals(m.Key, node)) is { Key: not null } entry ? entry.Value : MirrorState.None;

    public bool IsUp(string node) => UpNodes.Any(n => RuleText.Names.Equals(n, node));

    /// <summary>Whether a communication path between <paramref name="a"/> and <paramref name="b"/> carries traffic now.</summary>
    public bool PathIsLive(string a, string b) => LivePaths.Any(p => p.Connects(a, b));

    /// <summary>Whether any communication path from <paramref name="node"/> carries traffic now (its peers can reach it).</summary>
    public bool IsReachable(string node) =>
        LivePaths.Any(p => RuleText.Names.Equals(p.NodeA, node) || RuleText.Names.Equals(p.NodeB, node));
}
