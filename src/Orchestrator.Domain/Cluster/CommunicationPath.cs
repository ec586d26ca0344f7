namespace Orchestrator.Domain.Cluster;

/// <summary>S1: a TCP/IP communication path between two nodes.</summary>
public sealed record CommunicationPath(string NodeA, string NodeB, string Kind, SourceLocation Location)
{
    public bool Connects(string a, string b) =>
        (string.Equals(NodeA, a, StringComparison.OrdinalIgnoreCase) && string.Equals(NodeB, b, StringComparison.OrdinalIgnoreCase))
        || (string.Equals(NodeA, b, StringComparison.OrdinalIgnoreCase) && string.Equals(NodeB, a, StringComparison.OrdinalIgnoreCase));
}
