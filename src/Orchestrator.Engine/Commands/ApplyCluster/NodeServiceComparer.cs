namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>Node and service names compare case-insensitively, as everywhere in the cluster model.</summary>
internal sealed class NodeServiceComparer : IEqualityComparer<(string Node, string Service)>
{
    public static readonly NodeServiceComparer Instance = new();

    public bool Equals((string Node, string Service) x, (string Node, string Service) y) =>
        StringComparer.OrdinalIgnoreCase.Equals(x.Node, y.Node) && StringComparer.OrdinalIgnoreCase.Equals(x.Service, y.Service);

    public int GetHashCode((string Node, string Service) obj) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Node), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Service));
}
