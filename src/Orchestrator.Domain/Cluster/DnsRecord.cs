namespace Orchestrator.Domain.Cluster;

/// <summary>S21: an A or PTR record that is pointed at the active node's address.</summary>
public sealed record DnsRecord(string Type, string Name, SourceLocation Location)
{
    /// <summary>Issue 14: the real resource behind the record on an agents cluster; null when the file gives none.</summary>
    public RealResource? Real { get; init; }

    /// <summary>Where the record type was written (null: at <c>Location</c>).</summary>
    public SourceLocation? TypeLocation { get; init; }
}
