using System.Net;
using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Rules;

/// <summary>
/// S21: how clients follow a hierarchy to a node. On a node whose subnet holds the switchable IP, the IP moves with the
/// hierarchy; on a node in another subnet it cannot, and only the DNS records are pointed at the node. A node whose
/// address is not known is no evidence of another subnet: the IP moves there as before. Pure.
/// </summary>
public static class ClientRedirectionRule
{
    /// <summary>Whether the hierarchy's switchable IP is acquired on (or released from) <paramref name="node"/>.</summary>
    public static bool MovesAddress(ClusterDefinition cluster, HierarchyDefinition hierarchy, string node) =>
        hierarchy.Address is { } address && !InAnotherSubnet(cluster, address, node);

    /// <summary>Whether <paramref name="node"/>'s known subnet does not hold <paramref name="address"/>.</summary>
    public static bool InAnotherSubnet(ClusterDefinition cluster, SwitchableAddress address, string node)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(address);
        var subnet = cluster.FindNode(node)?.Subnet;
        return subnet is not null && IPAddress.TryParse(address.Address, out var ip) && !subnet.Contains(ip);
    }
}
