namespace Orchestrator.Environment.World;

/// <summary>Persisted state of one data volume: the node it is mounted on, if any.</summary>
public sealed class VolumeRecord
{
    public string Name { get; set; } = "";

    public string? MountedOn { get; set; }

    public VolumeRecord Clone() => new() { Name = Name, MountedOn = MountedOn };
}
