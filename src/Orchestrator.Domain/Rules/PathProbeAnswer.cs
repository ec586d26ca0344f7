namespace Orchestrator.Domain.Rules;

/// <summary>
/// S1: whether a communication path between two nodes carried traffic in one round, or null when it was not asked
/// (neither end answered the probe as up) or could not be asked (then <paramref name="Error"/> says why).
/// </summary>
public sealed record PathProbeAnswer(string NodeA, string NodeB, bool? Up, string? Error = null)
{
    /// <summary>The other end of the path seen from <paramref name="node"/>, or null when the path does not touch it (or loops on it).</summary>
    public string? PeerOf(string node)
    {
        var a = RuleText.Names.Equals(NodeA, node);
        var b = RuleText.Names.Equals(NodeB, node);
        return a == b ? null : a ? NodeB : NodeA;
    }
}
