namespace Orchestrator.Domain.Cluster;

/// <summary>S1: a TCP/IP communication path between two nodes.</summary>
public sealed record CommunicationPath(string NodeA, string NodeB, string Kind, SourceLocation Location)
{
    /// <summary>Where each end was written in 'between' (null: at <c>Location</c>).</summary>
    public (SourceLocation A, SourceLocation B)? EndLocations { get; init; }

    public bool Connects(string a, string b) =>
        (string.Equals(NodeA, a, StringComparison.OrdinalIgnoreCase) && string.Equals(NodeB, b, StringComparison.OrdinalIgnoreCase))
        || (string.Equals(NodeA, b, StringComparison.OrdinalIgnoreCase) && string.Equals(NodeB, a, StringComparison.OrdinalIgnoreCase));
}
