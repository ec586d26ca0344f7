using Orchestrator.Domain.Cluster;

namespace Orchestrator.Domain.Validation;

/// <summary>Issue 14: an agents cluster names each node's agent and the real resource behind each resource it moves.</summary>
public static partial class ClusterValidator
{
    private static void CheckAgents(ClusterDefinition d, Report add)
    {
        if (d.Environment != ClusterEnvironment.Agents)
            return;
        foreach (var node in d.Nodes)
        {
            if (node.Agent is not { } agent)
            {
                add(node.Location, $"Node {Q(node.Name)} has no 'agent', and the cluster's environment is agents.",
                    "Add 'agent:' with 'urls' (one per communication path of the node) and 'token-file', or write 'environment: simulated'.");
                continue;
            }

            var paths = d.Paths.Count(p => Names.Equals(p.NodeA, node.Name) || Names.Equals(p.NodeB, node.Name));
            if (agent.Urls.Count == 0 || (paths > 0 && agent.Urls.Count != paths))
                add(agent.Location, $"The agent of node {Q(node.Name)} has {agent.Urls.Count} URL(s), and the node is on {paths} communication path(s).",
                    "Give one URL per communication path of the node, in the order of 'paths', e.g. 'urls: [http://198.18.7.11:7070, http://198.18.8.11:7070]'.");
        }

        foreach (var h in d.Hierarchies)
        {
            foreach (var s in h.Application.Services)
                CheckReal(s.Real, s.Location, $"service {Q(s.Name)} of hierarchy {Q(h.Name)}", RealResource.Service, add);
            foreach (var v in h.Volumes)
                CheckReal(v.Real, v.Location, $"volume {Q(v.Name)} of hierarchy {Q(h.Name)}", RealResource.Volume, add);
            if (h.Address is { } ip)
                CheckReal(ip.Real, ip.Location, $"the ip {ip} of hierarchy {Q(h.Name)}", RealResource.Ip, add);
            foreach (var r in h.Dns)
                CheckReal(r.Real, r.Location, $"DNS record {Q(r.Name)} of hierarchy {Q(h.Name)}", RealResource.Dns, add);
        }
    }

    private static void CheckReal(RealResource? real, SourceLocation at, string what, string kind, Report add)
    {
        if (real is null)
        {
            add(at, $"The {what} has no real resource, and the cluster's environment is agents.", $"Add {Required(kind)}, or 'script: ocf:heartbeat:<agent>' with 'params'.");
            return;
        }

        if (real.Kind == RealResource.ScriptKind)
            return;
        var p = real.Parameters;
        var complete = kind switch
        {
            RealResource.Ip => p.ContainsKey("interface"),
            RealResource.Volume => p.ContainsKey("directory") || (p.ContainsKey("device") && p.ContainsKey("mountpoint")),
            RealResource.Service => p.ContainsKey("unit") || p.ContainsKey("command"),
            _ => p.ContainsKey("server") && p.ContainsKey("zone") && p.ContainsKey("key-file"),
        };
        if (!complete)
            add(real.Location, $"The {what} is missing part of its real resource ({string.Join(", ", p.Keys.Order(StringComparer.Ordinal))} given).", $"Add {Required(kind)}.");
    }

    private static string Required(string kind) => kind switch
    {
        RealResource.Ip => "'interface: <the node's interface>' to the ip mapping (with 'address')",
        RealResource.Volume => "'device' and 'mountpoint' (a file system mounted by the agent) or 'directory' (a directory guarded by a lock file)",
        RealResource.Service => "'command' (with 'args' and 'pidfile': a process the agent supervises) or 'unit' (a systemd unit)",
        _ => "'server', 'zone' and 'key-file' (nsupdate with the TSIG key in that file)",
    };
}
