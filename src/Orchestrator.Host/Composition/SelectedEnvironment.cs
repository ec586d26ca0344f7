using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Agents;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Host.Composition;

/// <summary>
/// Issue 14: the real-resource ports (address, volume, service, DNS, fencing, the node, path and resource probes, the
/// hierarchy and environment observers) from the environment the definition names (<see cref="EnvironmentSelector"/>): the simulated world
/// or the nodes' agents. The Exchange directory work (users, public folders, routing, queues, mirrors, software, shares,
/// start modes) stays on the simulated world either way. Only the simulated world can mark its observations.
/// </summary>
public sealed class SelectedEnvironment(EnvironmentSelector selector, SimulatedWorld world, SimulatedHierarchyObserver worldObserver, AgentEnvironment agents)
    : IAddressControl, IVolumeControl, IServiceControl, IDnsControl, INodeFence, INodeProbe, IPathProbe, INodeResourceProbe, IHierarchyObserver, IObservationMark,
    IEnvironmentObserver
{
    public async Task EnsureOwnedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureOwnedAsync(node, address, key, cancellationToken) : world.EnsureOwnedAsync(node, address, key, cancellationToken)).ConfigureAwait(false);

    public async Task EnsureReleasedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureReleasedAsync(node, address, key, cancellationToken) : world.EnsureReleasedAsync(node, address, key, cancellationToken)).ConfigureAwait(false);

    public async Task<string?> GetOwnerAsync(string address, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.GetOwnerAsync(address, cancellationToken) : world.GetOwnerAsync(address, cancellationToken)).ConfigureAwait(false);

    public async Task EnsureMountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureMountedAsync(node, volume, key, cancellationToken) : world.EnsureMountedAsync(node, volume, key, cancellationToken)).ConfigureAwait(false);

    public async Task EnsureUnmountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureUnmountedAsync(node, volume, key, cancellationToken) : world.EnsureUnmountedAsync(node, volume, key, cancellationToken)).ConfigureAwait(false);

    public async Task<string?> GetMountedNodeAsync(string volume, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.GetMountedNodeAsync(volume, cancellationToken) : world.GetMountedNodeAsync(volume, cancellationToken)).ConfigureAwait(false);

    public async Task<ServiceState> EnsureStartedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureStartedAsync(node, service, key, cancellationToken) : world.EnsureStartedAsync(node, service, key, cancellationToken)).ConfigureAwait(false);

    public async Task EnsureStoppedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureStoppedAsync(node, service, key, cancellationToken) : world.EnsureStoppedAsync(node, service, key, cancellationToken)).ConfigureAwait(false);

    public async Task<ServiceState> GetStateAsync(string node, string service, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.GetStateAsync(node, service, cancellationToken) : world.GetStateAsync(node, service, cancellationToken)).ConfigureAwait(false);

    public async Task EnsureRecordAsync(string type, string name, string node, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureRecordAsync(type, name, node, key, cancellationToken) : world.EnsureRecordAsync(type, name, node, key, cancellationToken)).ConfigureAwait(false);

    public async Task<string?> GetRecordTargetAsync(string type, string name, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.GetRecordTargetAsync(type, name, cancellationToken) : world.GetRecordTargetAsync(type, name, cancellationToken)).ConfigureAwait(false);

    public async Task EnsureFencedAsync(string node, EffectKey key, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.EnsureFencedAsync(node, key, cancellationToken) : world.EnsureFencedAsync(node, key, cancellationToken)).ConfigureAwait(false);

    public async Task<bool> IsFencedAsync(string node, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.IsFencedAsync(node, cancellationToken) : world.IsFencedAsync(node, cancellationToken)).ConfigureAwait(false);

    public async Task<bool> IsUpAsync(string node, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.IsUpAsync(node, cancellationToken) : world.IsUpAsync(node, cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<NodeProbeAnswer>> ProbeNodesAsync(IReadOnlyList<string> nodes, int parallelism, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? ((INodeProbe)agents).ProbeNodesAsync(nodes, parallelism, cancellationToken) : world.ProbeNodesAsync(nodes, parallelism, cancellationToken)).ConfigureAwait(false);

    public async Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.IsPathUpAsync(nodeA, nodeB, cancellationToken) : world.IsPathUpAsync(nodeA, nodeB, cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<PathProbeAnswer>> ProbePathsAsync(IReadOnlyList<(string NodeA, string NodeB)> paths, int parallelism, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? ((IPathProbe)agents).ProbePathsAsync(paths, parallelism, cancellationToken) : world.ProbePathsAsync(paths, parallelism, cancellationToken)).ConfigureAwait(false);

    public async Task<NodeResources> ReadResourcesAsync(NodeResourceQuery query, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.ReadResourcesAsync(query, cancellationToken) : world.ReadResourcesAsync(query, cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<NodeResourcesRead>> ReadAllResourcesAsync(IReadOnlyList<NodeResourceQuery> queries, int parallelism, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? ((INodeResourceProbe)agents).ReadAllResourcesAsync(queries, parallelism, cancellationToken) : world.ReadAllResourcesAsync(queries, parallelism, cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> InServiceNodesAsync(string hierarchy, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.InServiceNodesAsync(hierarchy, cancellationToken) : worldObserver.InServiceNodesAsync(hierarchy, cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> DescribeResourcesAsync(string hierarchy, CancellationToken cancellationToken) =>
        await (await Agents(cancellationToken) ? agents.DescribeResourcesAsync(hierarchy, cancellationToken) : worldObserver.DescribeResourcesAsync(hierarchy, cancellationToken)).ConfigureAwait(false);

    /// <summary>
    /// The world's observation; in environment: agents, the nodes, the hierarchies in service and their resources are the
    /// agents' (unknown where an agent does not answer) and only the Exchange directory (routing groups, public-folder
    /// owners) is the world's.
    /// </summary>
    public async Task<EnvironmentObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        var directory = await world.ObserveAsync(cancellationToken).ConfigureAwait(false);
        return await Agents(cancellationToken).ConfigureAwait(false) ? await agents.ObserveAsync(directory, cancellationToken).ConfigureAwait(false) : directory;
    }

    /// <summary>The world's mark when it is the environment; an agent on a real node cannot tell (null: ask every time).</summary>
    public async Task<long?> ObservationMarkAsync(CancellationToken cancellationToken) =>
        await Agents(cancellationToken) ? null : await world.ObservationMarkAsync(cancellationToken).ConfigureAwait(false);

    private async Task<bool> Agents(CancellationToken cancellationToken) =>
        await selector.CurrentAsync(cancellationToken).ConfigureAwait(false) == ClusterEnvironment.Agents;
}
