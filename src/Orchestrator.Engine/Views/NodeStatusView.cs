namespace Orchestrator.Engine.Views;

/// <summary>A node of a hierarchy: its priority, whether it is up, and the routing group it is in now (S23; null when none is set up).</summary>
public sealed record NodeStatusView(string Name, int Priority, bool Up, string? RoutingGroup = null);
