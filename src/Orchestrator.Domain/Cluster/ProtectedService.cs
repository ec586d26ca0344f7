namespace Orchestrator.Domain.Cluster;

/// <summary>S7/S8: a protected service (service name, not display name) and its MAXWAIT override.</summary>
public sealed record ProtectedService(string Name, int? MaxWaitSeconds, SourceLocation Location)
{
    /// <summary>Issue 14: the real resource behind the service on an agents cluster; null when the file gives none.</summary>
    public RealResource? Real { get; init; }

    /// <summary>Where the name was written (null: at <c>Location</c>).</summary>
    public SourceLocation? NameLocation { get; init; }

    /// <summary>Where the service's maxwait was written (null: at <c>Location</c>).</summary>
    public SourceLocation? MaxWaitLocation { get; init; }
}
