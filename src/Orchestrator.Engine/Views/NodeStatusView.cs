namespace Orchestrator.Engine.Views;

/// <summary>A node of a hierarchy: its priority and whether it is up.</summary>
public sealed record NodeStatusView(string Name, int Priority, bool Up);
