using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : INodeResourceProbe
{
    /// <summary>One read of the world answers every asked resource of the node; unknown names are answered as unknown, one by one.</summary>
    public Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        return store.ReadAsync(state => Read(state, query, now), cancellationToken);
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
            var reads = new NodeResourcesRead[queries.Count];
            for (var i = 0; i < reads.Length; i++)
            {
                try
                {
                    reads[i] = new NodeResourcesRead(queries[i], Read(state, queries[i], now), null);
                }
                catch (UnknownWorldObjectException e)
                {
                    reads[i] = new NodeResourcesRead(queries[i], null, e);
                }
            }

            return reads;
        }, cancellationToken);
    }

    private static NodeResources Read(WorldState state, NodeResourceQuery query, DateTimeOffset now)
    {
        var node = WorldLookup.Node(state, query.Node);
        var unknown = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var services = new Dictionary<string, ServiceState>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in query.Services)
        {
            if (Answer(unknown, "service", service, () => WorldLookup.Service(state, service)) is { } name)
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
