using System.Text.Json.Serialization;

namespace Orchestrator.Engine.Views;

/// <summary>A node of a hierarchy: its priority, whether it is up, and the routing group it is in now (S23; null when none is set up).</summary>
public sealed record NodeStatusView(string Name, int Priority, bool Up, string? RoutingGroup = null)
{
    /// <summary>Issue 14: why whether it is up is unknown (no agent answer to judge by); null when known.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unknown { get; init; }

    /// <summary>Issue 14 (environment: agents): its agent's answer on each path: "yes", "no" or "unknown (why)".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? AgentPaths { get; init; }
}
