using System.Net;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Domain.Validation;

/// <summary>S21 client redirection across subnets, and S23 routing groups and the public-folder owner list.</summary>
public static partial class ClusterValidator
{
    /// <summary>
    /// S21: the kit can protect a switchable IP only on nodes of its subnet. A hierarchy node in another subnet is refused
    /// unless the hierarchy has DNS records to redirect clients there (the move then points DNS and leaves the IP).
    /// </summary>
    private static void CheckSubnets(ClusterDefinition d, Report add)
    {
        foreach (var h in d.Hierarchies)
        {
            if (h.Address is not { } ip || h.Dns.Count > 0 || !IPAddress.TryParse(ip.Address, out _))
                continue;
            foreach (var p in h.Priorities.Where(p => ClientRedirectionRule.InAnotherSubnet(d, ip, p.Node)))
            {
                var node = d.FindNode(p.Node)!;
                add(ip.Location, $"Switchable IP {ip} of hierarchy {Q(h.Name)} is not in the subnet of node {Q(node.Name)} ({node.Subnet}), "
                    + "and the hierarchy has no DNS records: an IP cannot move to another subnet, so clients could not reach it there (S21).",
                    $"Add DNS redirection to {Q(h.Name)} ('dns:' with an A record of the primary's name, e.g. '- type: A' 'name: mail.example.com'), "
                    + $"or give node {Q(node.Name)} an address in the IP's subnet (a prefix length after '/', e.g. 10.0.0.12/24).");
            }
        }
    }

    /// <summary>S23: routing groups are names; the owner list names known nodes, once each, and never the N+1 spare (it has no public-folder store, S4).</summary>
    private static void CheckRouting(ClusterDefinition d, Report add)
    {
        foreach (var n in d.Nodes.Where(n => n.RoutingGroup is not null && string.IsNullOrWhiteSpace(n.RoutingGroup)))
            add(n.RoutingGroupLocation ?? n.Location, $"Node {Q(n.Name)} has an empty routing group.", "Write the routing group's name, e.g. 'routing-group: RG-East', or remove the key.");
        var seen = new HashSet<string>(Names);
        foreach (var owner in d.PublicFolderOwners)
        {
            var node = d.FindNode(owner.Node);
            if (node is null)
                add(owner.Location, $"The public-folder owner list names unknown node {Q(owner.Node)}.",
                    $"Use the name of a node listed under 'nodes', or add node {Q(owner.Node)} there.");
            else if (!seen.Add(owner.Node))
                add(owner.Location, $"Node {Q(owner.Node)} is listed twice in the public-folder owner list.", "Keep one entry per server, in the directory's order.");
            else if (node.Spare)
                add(owner.Location, $"Spare node {Q(owner.Node)} is in the public-folder owner list, but the +1 node has no public-folder store (S4).",
                    $"Remove {Q(owner.Node)} from public-folder-owners.");
        }
    }
}
