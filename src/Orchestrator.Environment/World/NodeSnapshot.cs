namespace Orchestrator.Environment.World;

/// <summary>A server as of the snapshot: up or down, its services and its shares.</summary>
public sealed record NodeSnapshot(string Name, bool Up, IReadOnlyList<ServiceSnapshot> Services, IReadOnlyList<string> Shares);
