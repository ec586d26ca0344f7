namespace Orchestrator.Domain.Rules;

/// <summary>
/// One consistent observation of the cluster, taken once at the start of a monitor round: every node's probe answer
/// and every communication path's state. Every hierarchy of the round is judged from it. Names compare ignoring case.
/// </summary>
public sealed record LivenessObservation(IReadOnlyList<NodeProbeAnswer> Probes, IReadOnlyList<PathProbeAnswer> Paths)
{
    /// <summary>The probe's answer about <paramref name="node"/>; "could not answer" when the node was not probed.</summary>
    public NodeProbeAnswer ProbeOf(string node) =>
        Probes.FirstOrDefault(p => RuleText.Names.Equals(p.Node, node)) ?? NodeProbeAnswer.NoAnswer(node, "not probed this round");

    /// <summary>The paths that touch <paramref name="node"/>, each with the peer at its other end.</summary>
    public IEnumerable<(PathProbeAnswer Path, string Peer)> PathsOf(string node) =>
        Paths.Select(p => (Path: p, Peer: p.PeerOf(node))).Where(p => p.Peer is not null).Select(p => (p.Path, p.Peer!));
}
