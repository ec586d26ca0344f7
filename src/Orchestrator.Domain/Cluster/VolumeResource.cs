namespace Orchestrator.Domain.Cluster;

/// <summary>S5: a data volume of the hierarchy (database, transaction logs, SMTP queue).</summary>
public sealed record VolumeResource(string Name, string Role, SourceLocation Location)
{
    /// <summary>Issue 14: the real resource behind the volume on an agents cluster; null when the file gives none.</summary>
    public RealResource? Real { get; init; }

    /// <summary>Where the role was written (null: at <c>Location</c>).</summary>
    public SourceLocation? RoleLocation { get; init; }
}
