using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : INodeResourceProbe
{
    /// <summary>One read of the world answers every asked resource of the node; unknown names are answered as unknown, one by one.</summary>
    public Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        return store.ReadAsync(state => Read(state, query, now, name => WorldLookup.Service(state, name)), cancellationToken);
    }

    /// <summary>
    /// Every query (one per node) from one read of the world (the same answers as <see cref="ReadResourcesAsync"/> one by
    /// one); a query naming a node the world does not know is answered with that error.
    /// </summary>
    public Task<IReadOnlyList<NodeResourcesRead>> ReadAllResourcesAsync(
        IReadOnlyList<NodeResourceQuery> queries, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var now = time.GetUtcNow();
        return store.ReadAsync<IReadOnlyList<NodeResourcesRead>>(state =>
        {
            var service = PreloadForResources(state, queries);
            var reads = new NodeResourcesRead[queries.Count];
            for (var i = 0; i < reads.Length; i++)
            {
                try
                {
                    reads[i] = new NodeResourcesRead(queries[i], Read(state, queries[i], now, service), null);
                }
                catch (UnknownWorldObjectException e)
                {
                    reads[i] = new NodeResourcesRead(queries[i], null, e);
                }
            }

            return reads;
        }, cancellationToken);
    }

    /// <summary>
    /// Loads, in a few queries, the rows a whole round's queries look up (instead of one query per node, volume, address,
    /// DNS record and service), and returns the service resolver they share: every protected service's name from one read
    /// of the hierarchies; a name no hierarchy has is resolved (and refused) as <see cref="WorldLookup.Service"/> does.
    /// </summary>
    private static Func<string, string> PreloadForResources(WorldState state, IReadOnlyList<NodeResourceQuery> queries)
    {
        var byName = StringComparer.OrdinalIgnoreCase;
        state.Nodes.Preload(queries.Select(q => q.Node));
        state.Volumes.Preload(queries.SelectMany(q => q.Volumes));
        state.Addresses.Preload(queries.SelectMany(q => q.Addresses));
        state.DnsRecords.Preload(queries.SelectMany(q => q.Dns).Select(d => DnsRecordEntry.KeyOf(d.Type, d.Name)));
        var canonical = new Dictionary<string, string>(byName);
        if (queries.Any(q => q.Services.Count > 0))
        {
            foreach (var service in state.Hierarchies.Values.SelectMany(h => h.Services))
            {
                canonical.TryAdd(service, service);
            }
        }

        foreach (var query in queries)
        {
            if (state.Nodes.TryGetValue(query.Node, out var node))
            {
                node.Services.Preload(query.Services);
            }
        }

        return name => canonical.TryGetValue(name, out var found) ? found : WorldLookup.Service(state, name);
    }

    private static NodeResources Read(WorldState state, NodeResourceQuery query, DateTimeOffset now, Func<string, string> serviceOf)
    {
        var node = WorldLookup.Node(state, query.Node);
        var unknown = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var services = new Dictionary<string, ServiceState>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in query.Services)
        {
            if (Answer(unknown, "service", service, () => serviceOf(service)) is { } name)
            {
                services[service] = node.Services.TryGetValue(name, out var record) ? record.EffectiveState(now) : ServiceState.Stopped;
            }
        }

        bool Here(string? holder) => string.Equals(holder, node.Name, StringComparison.OrdinalIgnoreCase);
        var mounted = query.Volumes
            .Where(v => Answer(unknown, "volume", v, () => WorldLookup.Volume(state, v)) is { } record && Here(record.MountedOn))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var owned = query.Addresses
            .Where(a => Answer(unknown, "address", a, () => WorldLookup.Address(state, a)) is { } record && Here(record.Owner))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var pointing = query.Dns
            .Where(d => Answer(unknown, "DNS record", d.ToString(), () => WorldLookup.Dns(state, d.Type, d.Name)) is { } record && Here(record.Target))
            .Select(d => d.ToString())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new NodeResources(node.Name, services, mounted, owned, pointing, unknown);
    }

    private static T? Answer<T>(Dictionary<string, string> unknown, string kind, string name, Func<T> lookup)
        where T : class
    {
        try
        {
            return lookup();
        }
        catch (UnknownWorldObjectException e)
        {
            unknown[NodeResources.KeyOf(kind, name)] = e.Message;
            return null;
        }
    }
}
