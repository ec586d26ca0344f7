namespace Orchestrator.Domain.Rules;

/// <summary>The verdict of <see cref="NodeLivenessRule"/> about one node, with the evidence in words (for the audit journal).</summary>
public sealed record LivenessVerdict(string Node, NodeLiveness Liveness, string Evidence)
{
    public bool IsAlive => Liveness == NodeLiveness.Alive;

    public bool IsUnreachable => Liveness == NodeLiveness.Unreachable;
}
