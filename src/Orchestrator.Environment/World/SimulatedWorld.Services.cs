using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// Starts the service unless it is already running or starting (no-op). Needs every volume of its hierarchy
    /// mounted on the node. With a start delay the service stays <see cref="ServiceState.Starting"/> until it passes.
    /// Like stopping it and reading its state, it takes any installed service: one a hierarchy protects, or an optional one
    /// (S14: `services add` starts an optional service where the hierarchy is in service before the definition protects it).
    /// </summary>
    public Task<ServiceState> EnsureStartedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ExecuteAsync(
            EffectKind.ServiceStart,
            node,
            key,
            state => WorldLookup.InstalledService(state, service),
            StartService,
            (_, n, target, now) => SettledState(n, target, now),
            cancellationToken);
    }

    public Task EnsureStoppedAsync(string node, string service, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ExecuteAsync(
            EffectKind.ServiceStop,
            node,
            key,
            state => WorldLookup.InstalledService(state, service),
            (_, n, target, now) =>
            {
                if (!n.Services.TryGetValue(target, out var record) || record.Settle(now) == ServiceState.Stopped)
                {
                    return Done(applied: false);
                }

                record.State = ServiceState.Stopped;
                record.ReadyAt = null;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>The service's state on the node; a start whose delay has passed is reported (and persisted) as running.</summary>
    public async Task<ServiceState> GetStateAsync(string node, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(service);
        var now = time.GetUtcNow();
        var (stored, effective) = await store.ReadAsync(
                state =>
                {
                    var n = WorldLookup.Node(state, node);
                    var name = WorldLookup.InstalledService(state, service);
                    return n.Services.TryGetValue(name, out var record)
                        ? (record.State, record.EffectiveState(now))
                        : (ServiceState.Stopped, ServiceState.Stopped);
                },
                cancellationToken)
            .ConfigureAwait(false);

        if (stored == effective)
        {
            return effective;
        }

        return await store.UpdateAsync(
                state => SettledState(WorldLookup.Node(state, node), WorldLookup.InstalledService(state, service), time.GetUtcNow()),
                cancellationToken)
            .ConfigureAwait(false);
    }

    private static ServiceState SettledState(NodeRecord node, string service, DateTimeOffset now) =>
        node.Services.TryGetValue(service, out var record) ? record.Settle(now) : ServiceState.Stopped;

    private static EffectOutcome<ServiceState> StartService(WorldState state, NodeRecord node, string service, DateTimeOffset now)
    {
        node.Services.TryGetValue(service, out var record);
        var current = record?.Settle(now) ?? ServiceState.Stopped;
        if (current is ServiceState.Running or ServiceState.Starting)
        {
            return EffectOutcome<ServiceState>.NoOp(current);
        }

        var missing = MissingVolume(state, node, service);
        if (missing is not null)
        {
            return EffectOutcome<ServiceState>.Rejected(new EnvironmentException(
                $"cannot start {service} on {node.Name}: volume {missing} is not mounted there", transient: false));
        }

        record ??= node.Services[service] = new ServiceRecord { Name = service };
        if (state.Faults.FailedServices.Contains(WorldFaults.ServiceKey(node.Name, service)))
        {
            record.State = ServiceState.Failed;
            record.ReadyAt = null;
            return EffectOutcome<ServiceState>.Rejected(new EnvironmentException(
                $"{service} failed to start on {node.Name} (injected fault)", transient: true));
        }

        var delay = state.Faults.StartDelayOf(service);
        record.State = delay > TimeSpan.Zero ? ServiceState.Starting : ServiceState.Running;
        record.ReadyAt = delay > TimeSpan.Zero ? now + delay : null;
        return EffectOutcome<ServiceState>.Applied(record.State);
    }

    /// <summary>
    /// Null when some hierarchy of the service has all its volumes mounted on the node; otherwise the first volume
    /// missing from the (first) hierarchy.
    /// </summary>
    private static string? MissingVolume(WorldState state, NodeRecord node, string service)
    {
        string? firstMissing = null;
        foreach (var hierarchy in WorldLookup.HierarchiesRunning(state, service))
        {
            var missing = hierarchy.Volumes.FirstOrDefault(v =>
                !state.Volumes.TryGetValue(v, out var volume) || !SameName(volume.MountedOn, node.Name));
            if (missing is null)
            {
                return null;
            }

            firstMissing ??= missing;
        }

        return firstMissing;
    }
}
