namespace Orchestrator.Workflows.Services;

/// <summary>
/// S14: a hierarchy's protected services as the definition keeps them (one list, start order; stopped in reverse) and, per node
/// of the hierarchy (priority order), the state the world reports for each; <paramref name="InServiceOn"/> is where the
/// hierarchy is in service (null: nowhere). <paramref name="Differences"/> names, in words, each service whose state on a node
/// is not what the placement implies (running where the hierarchy is in service, stopped elsewhere; "unknown" included).
/// </summary>
public sealed record ServiceListView(string Hierarchy, string? InServiceOn, IReadOnlyList<string> Nodes, IReadOnlyList<ServiceRowView> Services, IReadOnlyList<string> Differences);
