namespace Orchestrator.Environment.World;

/// <summary>A data volume and the node it is mounted on (null: unmounted).</summary>
public sealed record VolumeSnapshot(string Name, string? MountedOn);
