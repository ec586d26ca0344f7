namespace Orchestrator.Domain.Cluster;

/// <summary>Where an element was written in its cluster definition file (1-based; 0 when unknown).</summary>
public sealed record SourceLocation(int Line, int Column)
{
    public static readonly SourceLocation Unknown = new(0, 0);

    public override string ToString() => $"{Line}:{Column}";
}
