using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// The whole cluster as the agents show it (status and the dashboard in environment: agents): each node's agent asked
/// on every path's URL (yes, no, or unknown with why), each hierarchy's resources read with its nodes' monitors (the
/// address with the probe from another node). What an agent does not answer is unknown, never "down" or "nowhere". The
/// Exchange directory (routing groups, public-folder owners) is the simulated world's, given by the caller.
/// </summary>
public sealed partial class AgentEnvironment
{
    public async Task<EnvironmentObservation> ObserveAsync(EnvironmentObservation directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        var byName = StringComparer.OrdinalIgnoreCase;
        var up = new Dictionary<string, bool>(byName);
        var nodesUnknown = new Dictionary<string, string>(byName);
        var paths = new Dictionary<string, IReadOnlyDictionary<string, string>>(byName);
        foreach (var node in definition.Nodes)
        {
            var (answers, answering, why) = await AskEveryPathAsync(definition, node, cancellationToken).ConfigureAwait(false);
            up[node.Name] = answering;
            paths[node.Name] = answers;
            if (!answering && why is not null)
                nodesUnknown[node.Name] = why;
        }

        var inService = new Dictionary<string, IReadOnlyList<string>>(byName);
        var inServiceUnknown = new Dictionary<string, string>(byName);
        var resources = new Dictionary<string, IReadOnlyList<string>>(byName);
        foreach (var hierarchy in definition.Hierarchies)
        {
            var reads = new List<(string Node, NodeResources? Read, string? Why)>();
            foreach (var node in hierarchy.Priorities.OrderBy(p => p.Priority).Select(p => p.Node))
                reads.Add(up.GetValueOrDefault(node) ? await ReadOrWhyAsync(hierarchy, node, cancellationToken).ConfigureAwait(false)
                    : (node, null, nodesUnknown.GetValueOrDefault(node) ?? $"the agent of node {node} answers on no path"));
            inService[hierarchy.Name] = [.. reads.Where(r => r.Read is { } read && InService(hierarchy, read)).Select(r => r.Node)];
            if (reads.Where(r => r.Read is null).Select(r => $"{r.Node}: {r.Why}").ToList() is { Count: > 0 } silent)
                inServiceUnknown[hierarchy.Name] = string.Join("; ", silent);
            resources[hierarchy.Name] = ResourceLines(hierarchy, reads);
        }

        return new EnvironmentObservation(up, inService, directory.RoutingGroups, directory.PublicFolderOwners)
        {
            NodesUnknown = nodesUnknown, InServiceUnknown = inServiceUnknown, AgentPaths = paths, Resources = resources,
        };
    }

    /// <summary>The node's agent asked /v1/health on each of its URLs (one per path, in the file's order).</summary>
    private async Task<(Dictionary<string, string> Answers, bool Answering, string? Why)> AskEveryPathAsync(
        ClusterDefinition definition, NodeDefinition node, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.Agent is null)
            return (answers, false, $"node {node.Name} has no agent in the cluster definition");
        var mine = definition.Paths.Where(p => Same(p.NodeA, node.Name) || Same(p.NodeB, node.Name)).ToList();
        var reasons = new List<string>();
        for (var i = 0; i < node.Agent.Urls.Count; i++)
        {
            var url = node.Agent.Urls[i];
            var label = i < mine.Count ? $"path {i + 1} ({mine[i].Kind} {mine[i].NodeA}-{mine[i].NodeB}) {url}" : $"url {i + 1} {url}";
            try
            {
                answers[label] = await client.AnswersHealthAsync(node, url, cancellationToken).ConfigureAwait(false) ? "yes" : "no";
            }
            catch (EnvironmentException e)
            {
                answers[label] = $"unknown ({e.Message})";
                reasons.Add(e.Message);
            }
        }

        return (answers, answers.Values.Contains("yes"), reasons.Count > 0 ? string.Join("; ", reasons) : null);
    }

    private async Task<(string Node, NodeResources? Read, string? Why)> ReadOrWhyAsync(HierarchyDefinition hierarchy, string node, CancellationToken cancellationToken)
    {
        var query = new NodeResourceQuery(node, [.. hierarchy.Application.Services.Select(s => s.Name)], [.. hierarchy.Volumes.Select(v => v.Name)],
            hierarchy.Address is { } ip ? [ip.Address] : [], [.. hierarchy.Dns.Select(d => new DnsRecordName(d.Type, d.Name))]);
        try
        {
            return (node, await ReadResourcesAsync(query, cancellationToken).ConfigureAwait(false), null);
        }
        catch (EnvironmentException e)
        {
            return (node, null, e.Message);
        }
    }

    private static bool InService(HierarchyDefinition hierarchy, NodeResources read) =>
        Known(() => hierarchy.Volumes.All(v => read.IsMounted(v.Name)) && hierarchy.Application.Services.All(s => read.StateOf(s.Name) == ServiceState.Running)) == true;

    /// <summary>"volume mail: on node1", "address A: nowhere; unknown on node2 (why)": each resource where the agents say it runs.</summary>
    private static List<string> ResourceLines(HierarchyDefinition hierarchy, List<(string Node, NodeResources? Read, string? Why)> reads)
    {
        var lines = new List<string>();
        void Line(string what, Func<NodeResources, bool> runs)
        {
            var on = new List<string>();
            var unknown = new List<string>();
            foreach (var (node, read, why) in reads)
            {
                string? problem = why;
                if (read is not null)
                {
                    try
                    {
                        if (runs(read))
                            on.Add(node);
                        continue;
                    }
                    catch (EnvironmentException e)
                    {
                        problem = e.Message;
                    }
                }

                unknown.Add($"{node} ({problem})");
            }

            var where = on.Count == 0 ? "nowhere" : $"on {string.Join(", ", on)}";
            lines.Add(unknown.Count == 0 ? $"{what}: {where}" : $"{what}: {where}; unknown on {string.Join(", ", unknown)}");
        }

        foreach (var volume in hierarchy.Volumes)
            Line($"volume {volume.Name}", r => r.IsMounted(volume.Name));
        if (hierarchy.Address is { } ip)
            Line($"address {ip.Address}", r => r.Owns(ip.Address));
        foreach (var record in hierarchy.Dns)
            Line($"DNS {record.Type} {record.Name}", r => r.IsPointedAt(new DnsRecordName(record.Type, record.Name)));
        foreach (var service in hierarchy.Application.Services)
            Line($"service {service.Name}", r => r.StateOf(service.Name) == ServiceState.Running);
        return lines;
    }

    private static bool? Known(Func<bool> read)
    {
        try
        {
            return read();
        }
        catch (EnvironmentException)
        {
            return null;
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
