namespace Orchestrator.Environment.World;

/// <summary>A server as of the snapshot: up or down, its services, its shares and whether it is fenced (powered off).</summary>
public sealed record NodeSnapshot(
    string Name,
    bool Up,
    IReadOnlyList<ServiceSnapshot> Services,
    IReadOnlyList<string> Shares,
    bool Fenced = false);
