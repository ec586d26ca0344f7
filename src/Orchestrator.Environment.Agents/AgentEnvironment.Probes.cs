using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// The probes over the agents: a node is up when its agent answers /v1/health on any of its URLs (one per path) and down
/// when none answers; a path between two nodes carries traffic when both ends' agents answer on that path's URLs. The
/// resources are read with the agent's monitor action, an address also by a probe from another node (its owner's monitor
/// AND the address answering elsewhere); an agent that does not answer makes them unknown, never stopped.
/// </summary>
public sealed partial class AgentEnvironment : INodeProbe, IPathProbe, INodeResourceProbe, IHierarchyObserver
{
    /// <summary>
    /// Asks every URL of the node's agent at once (one per path), so a dead node costs one health timeout, not one per
    /// path: up when any answers; down only when none answers; unknown (throws) when none answers health but one
    /// answered something else (a refused token, a server error).
    /// </summary>
    public async Task<bool> IsUpAsync(string node, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        if (target.Agent is null)
            throw new EnvironmentException($"node {node} has no agent in the cluster definition", transient: false);
        var timeout = HealthTimeoutOf(definition);
        var asked = target.Agent.Urls.Select(url => client.AnswersHealthAsync(target, url, timeout, cancellationToken)).ToList();
        return await AnyAnswersAsync(asked).ConfigureAwait(false);
    }

    /// <summary>Whether a path between the two nodes carries traffic: both ends' agents answer on it; every path and both ends asked at once.</summary>
    public async Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken)
    {
        var (definition, a) = await NodeAsync(nodeA, cancellationToken).ConfigureAwait(false);
        var b = definition.FindNode(nodeB) ?? throw new EnvironmentException($"node {nodeB} is not in the cluster definition", transient: false);
        var timeout = HealthTimeoutOf(definition);
        var asked = definition.Paths.Where(p => p.Connects(nodeA, nodeB)).Select(async path =>
        {
            var (urlA, urlB) = (UrlOn(definition, a, path), UrlOn(definition, b, path));
            var ends = await Task.WhenAll(
                client.AnswersHealthAsync(a, urlA, timeout, cancellationToken),
                client.AnswersHealthAsync(b, urlB, timeout, cancellationToken)).ConfigureAwait(false);
            return ends[0] && ends[1];
        }).ToList();
        return await AnyAnswersAsync(asked).ConfigureAwait(false);
    }

    /// <summary>The monitor's health timeout for this cluster (<see cref="ClusterSettings.HealthTimeout"/>, at most <see cref="AgentOptions.HealthTimeout"/> unless the file sets it).</summary>
    private TimeSpan HealthTimeoutOf(ClusterDefinition definition) => definition.Settings.HealthTimeout(options.HealthTimeout);

    /// <summary>True once any of <paramref name="asked"/> is true; false when all are false; else the first error (unknown).</summary>
    private static async Task<bool> AnyAnswersAsync(List<Task<bool>> asked)
    {
        var pending = asked.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(done);
            if (done.IsCompletedSuccessfully && done.Result)
                return true;
        }

        foreach (var task in asked)
            await task.ConfigureAwait(false); // a failed one throws here: unknown, never down
        return false;
    }

    /// <summary>
    /// The node's resources, each kind's monitors (services, volumes, addresses with their reach probe, DNS records) asked
    /// at once — the agent serialises per resource, not per node — so a read costs its slowest kind, not their sum (an
    /// OCF agent's monitor may take a second: ClusterLabs' postfix runs <c>postfix check</c>). A monitor whose agent does
    /// not answer fails the read (those resources unknown); one the definition does not know is unknown by itself.
    /// </summary>
    public async Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (definition, node) = await NodeAsync(query.Node, cancellationToken).ConfigureAwait(false);
        var (ofServices, ofVolumes, ofAddresses, ofDns) = (Unknown(), Unknown(), Unknown(), Unknown());
        var servicesRead = ServicesAsync(definition, node, query.Services, ofServices, cancellationToken);
        var volumesRead = RunningAsync(node, "volume", query.Volumes, v => AgentResources.Volume(definition, v), ofVolumes, cancellationToken);
        var addressesRead = AnsweringAddressesAsync(definition, node, query.Addresses, ofAddresses, cancellationToken);
        var dnsRead = RunningAsync(node, "DNS record", query.Dns.Select(d => d.ToString()).ToList(),
            d => AgentResources.Dns(definition, Record(d), node), ofDns, cancellationToken);
        await Task.WhenAll(servicesRead, volumesRead, addressesRead, dnsRead).ConfigureAwait(false);
        var unknown = Unknown();
        foreach (var (key, why) in ofServices.Concat(ofVolumes).Concat(ofAddresses).Concat(ofDns))
            unknown[key] = why;
        return new NodeResources(node.Name, await servicesRead.ConfigureAwait(false), await volumesRead.ConfigureAwait(false),
            await addressesRead.ConfigureAwait(false), await dnsRead.ConfigureAwait(false), unknown);

        static Dictionary<string, string> Unknown() => new(StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, ServiceState>> ServicesAsync(
        ClusterDefinition definition, NodeDefinition node, IReadOnlyCollection<string> names, Dictionary<string, string> unknown, CancellationToken cancellationToken)
    {
        var services = new Dictionary<string, ServiceState>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in names)
        {
            if (await MonitorOrUnknownAsync(node, "service", service, () => AgentResources.Service(definition, node.Name, service), unknown, cancellationToken).ConfigureAwait(false) is { } exit)
                services[service] = exit switch { OcfExit.Success => ServiceState.Running, OcfExit.NotRunning => ServiceState.Stopped, _ => ServiceState.Failed };
        }

        return services;
    }

    public async Task<string?> GetOwnerAsync(string address, CancellationToken cancellationToken)
    {
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        return await WhereRunningAsync(definition, _ => AgentResources.Address(definition, address), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetMountedNodeAsync(string volume, CancellationToken cancellationToken)
    {
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        return await WhereRunningAsync(definition, _ => AgentResources.Volume(definition, volume), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetRecordTargetAsync(string type, string name, CancellationToken cancellationToken)
    {
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        return await WhereRunningAsync(definition, node => AgentResources.Dns(definition, new DnsRecordName(type, name), node), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ServiceState> GetStateAsync(string node, string service, CancellationToken cancellationToken)
    {
        var (definition, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        return await MonitorAsync(target, AgentResources.Service(definition, node, service), cancellationToken).ConfigureAwait(false) switch
        {
            OcfExit.Success => ServiceState.Running,
            OcfExit.NotRunning => ServiceState.Stopped,
            _ => ServiceState.Failed,
        };
    }

    public async Task<IReadOnlyList<string>> InServiceNodesAsync(string hierarchy, CancellationToken cancellationToken)
    {
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = definition.FindHierarchy(hierarchy) ?? throw new EnvironmentException($"hierarchy {hierarchy} is not in the cluster definition", transient: false);
        var nodes = new List<string>();
        foreach (var node in found.Priorities.Select(p => definition.FindNode(p.Node)).OfType<NodeDefinition>())
        {
            var read = await ReadResourcesAsync(QueryOf(found, node.Name), cancellationToken).ConfigureAwait(false);
            if (found.Volumes.All(v => read.IsMounted(v.Name)) && found.Application.Services.All(s => read.StateOf(s.Name) == ServiceState.Running))
                nodes.Add(node.Name);
        }

        return nodes;
    }

    public async Task<IReadOnlyList<string>> DescribeResourcesAsync(string hierarchy, CancellationToken cancellationToken)
    {
        var definition = await cluster.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = definition.FindHierarchy(hierarchy) ?? throw new EnvironmentException($"hierarchy {hierarchy} is not in the cluster definition", transient: false);
        var lines = new List<string>();
        foreach (var volume in found.Volumes)
            lines.Add($"volume {volume.Name}: {await DescribeAsync(() => GetMountedNodeAsync(volume.Name, cancellationToken), "mounted on").ConfigureAwait(false)}");
        if (found.Address is { } ip)
            lines.Add($"address {ip.Address}: {await DescribeAsync(() => GetOwnerAsync(ip.Address, cancellationToken), "owned by").ConfigureAwait(false)}");
        return lines;
    }

    private static async Task<string> DescribeAsync(Func<Task<string?>> read, string verb)
    {
        try
        {
            return await read().ConfigureAwait(false) is { } node ? $"{verb} {node}" : "nowhere";
        }
        catch (EnvironmentException e)
        {
            return $"unknown ({e.Message})";
        }
    }

    private static NodeResourceQuery QueryOf(HierarchyDefinition h, string node) =>
        new(node, h.Application.Services.Select(s => s.Name).ToList(), h.Volumes.Select(v => v.Name).ToList(), [], []);

    private static DnsRecordName Record(string text)
    {
        var parts = text.Split(' ', 2);
        return new DnsRecordName(parts[0], parts[1]);
    }

    /// <summary>The URL of <paramref name="node"/>'s agent on <paramref name="path"/>: its URLs follow the node's paths in the file's order.</summary>
    private static string UrlOn(ClusterDefinition definition, NodeDefinition node, CommunicationPath path)
    {
        var mine = definition.Paths.Where(p => string.Equals(p.NodeA, node.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.NodeB, node.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        var urls = node.Agent?.Urls ?? throw new EnvironmentException($"node {node.Name} has no agent in the cluster definition", transient: false);
        var index = mine.IndexOf(path);
        return index >= 0 && index < urls.Count ? urls[index] : urls[0];
    }

    private async Task<OcfExit> MonitorAsync(NodeDefinition node, ResourceSpec resource, CancellationToken cancellationToken)
    {
        var request = new AgentActionRequest(null, 0, resource, ResourceVerb.Monitor, Seconds(options.MonitorTimeout));
        var answer = await client.ActAsync(node, request, cancellationToken).ConfigureAwait(false);
        return answer.Outcome == AgentOutcome.Stale
            ? throw new EnvironmentException($"the agent of node {node.Name} refused monitor of {resource.Kind} {resource.Name} ({answer.Message})")
            : answer.Exit;
    }

    /// <summary>The monitor's exit for one named resource; null (recorded as unknown) when the definition does not know it.</summary>
    private async Task<OcfExit?> MonitorOrUnknownAsync(
        NodeDefinition node, string kind, string name, Func<ResourceSpec> spec, Dictionary<string, string> unknown, CancellationToken cancellationToken)
    {
        ResourceSpec resource;
        try
        {
            resource = spec();
        }
        catch (EnvironmentException e)
        {
            unknown[NodeResources.KeyOf(kind, name)] = e.Message;
            return null;
        }

        return await MonitorAsync(node, resource, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HashSet<string>> RunningAsync(
        NodeDefinition node, string kind, IReadOnlyCollection<string> names, Func<string, ResourceSpec> spec, Dictionary<string, string> unknown, CancellationToken cancellationToken)
    {
        var running = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (await MonitorOrUnknownAsync(node, kind, name, () => spec(name), unknown, cancellationToken).ConfigureAwait(false) == OcfExit.Success)
                running.Add(name);
        }

        return running;
    }

    /// <summary>The node whose agent's monitor says the resource runs there; unknown (throws) when none does and one did not answer.</summary>
    private async Task<string?> WhereRunningAsync(ClusterDefinition definition, Func<NodeDefinition, ResourceSpec> spec, CancellationToken cancellationToken)
    {
        var silent = new List<string>();
        foreach (var node in definition.Nodes)
        {
            try
            {
                if (await MonitorAsync(node, spec(node), cancellationToken).ConfigureAwait(false) == OcfExit.Success)
                    return node.Name;
            }
            catch (EnvironmentException e) when (e.Transient)
            {
                silent.Add($"{node.Name}: {e.Message}");
            }
        }

        return silent.Count == 0 ? null : throw new EnvironmentException($"unknown: {string.Join("; ", silent)}");
    }
}
