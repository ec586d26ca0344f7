namespace Orchestrator.Workflows.Services;

/// <summary>
/// One protected service of a hierarchy: its place in the start order (1 first), its name, its MAXWAIT override (null: the
/// cluster's) and its state on each node of the hierarchy as the world reports it ("Running", "Stopped"…, "unknown" when the
/// node does not say).
/// </summary>
public sealed record ServiceRowView(int Order, string Name, int? MaxWaitSeconds, IReadOnlyDictionary<string, string> States);
