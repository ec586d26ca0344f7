using System.Text.Json.Serialization;

namespace Orchestrator.Engine.Views;

/// <summary>
/// Where a hierarchy is, as the orchestrator recorded it and as the environment shows it; and its newest public-folder
/// replica-list update in a few words (S25), if it has had one.
/// </summary>
public sealed record HierarchyStatusView(
    string Name,
    string? PlacedOn,
    IReadOnlyList<string> InServiceOn,
    IReadOnlyList<NodeStatusView> Nodes,
    long? ActiveProcedureId,
    string? ActiveProcedureState,
    string Switchback,
    string? ReplicaUpdate = null)
{
    /// <summary>Issue 14: why some of its nodes could not be read (their agents did not answer); <see cref="InServiceOn"/> has the known ones.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InServiceUnknown { get; init; }

    /// <summary>Issue 14 (environment: agents): where each of its resources runs per the agents, one line each.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Resources { get; init; }
}
