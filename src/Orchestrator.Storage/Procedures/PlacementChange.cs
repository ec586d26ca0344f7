namespace Orchestrator.Storage.Procedures;

/// <summary>Where the hierarchy is in service after a transition (null node: nowhere / unknown).</summary>
public sealed record PlacementChange(string Hierarchy, string? Node);
