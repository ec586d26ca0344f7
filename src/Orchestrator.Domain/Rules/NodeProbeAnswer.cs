namespace Orchestrator.Domain.Rules;

/// <summary>
/// The orchestrator's own probe of a node in one round: <paramref name="Up"/> true or false, or null when the probe
/// could not answer (then <paramref name="Error"/> says why).
/// </summary>
public sealed record NodeProbeAnswer(string Node, bool? Up, string? Error = null)
{
    public static NodeProbeAnswer NoAnswer(string node, string error) => new(node, null, error);
}
