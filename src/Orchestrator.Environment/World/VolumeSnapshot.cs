namespace Orchestrator.Environment.World;

/// <summary>A data volume and the node it is mounted on (null: unmounted), and whether no volume resource protects it (S10).</summary>
public sealed record VolumeSnapshot(string Name, string? MountedOn)
{
    /// <summary>S10: no volume resource protects the volume (`world add-volume --unprotected`).</summary>
    public bool Unprotected { get; init; }
}
