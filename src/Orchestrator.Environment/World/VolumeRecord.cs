namespace Orchestrator.Environment.World;

/// <summary>Persisted state of one data volume: the node it is mounted on, if any, and whether a volume resource protects it (S10).</summary>
public sealed class VolumeRecord
{
    public string Name { get; set; } = "";

    public string? MountedOn { get; set; }

    /// <summary>S10: no volume resource protects the volume (`world add-volume --unprotected`); every volume seeded from a definition is protected.</summary>
    public bool Unprotected { get; set; }

    public VolumeRecord Clone() => new() { Name = Name, MountedOn = MountedOn, Unprotected = Unprotected };
}
