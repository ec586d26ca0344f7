using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// Mounts the volume on the node. Refused while another node that is up has it mounted; taken over from a
    /// node that is down.
    /// </summary>
    public Task EnsureMountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return ExecuteAsync(
            EffectKind.VolumeMount,
            node,
            key,
            state => WorldLookup.Volume(state, volume).Name,
            (state, n, target, _) =>
            {
                var record = WorldLookup.Volume(state, target);
                if (SameName(record.MountedOn, n.Name))
                {
                    return Done(applied: false);
                }

                if (record.MountedOn is not null && HolderIsUp(state, record.MountedOn))
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"volume {target} is mounted on {record.MountedOn}; unmount it there first", transient: false));
                }

                record.MountedOn = n.Name;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>Unmounts the volume from the node (no-op when it is not mounted there). Refused while a service that needs it runs there.</summary>
    public Task EnsureUnmountedAsync(string node, string volume, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return ExecuteAsync(
            EffectKind.VolumeUnmount,
            node,
            key,
            state => WorldLookup.Volume(state, volume).Name,
            (state, n, target, now) =>
            {
                var record = WorldLookup.Volume(state, target);
                if (!SameName(record.MountedOn, n.Name))
                {
                    return Done(applied: false);
                }

                var user = ServiceUsing(state, n, target, now);
                if (user is not null)
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"volume {target} is in use by service {user} on {n.Name}; stop it first", transient: false));
                }

                record.MountedOn = null;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    public Task<string?> GetMountedNodeAsync(string volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return store.ReadAsync(state => WorldLookup.Volume(state, volume).MountedOn, cancellationToken);
    }

    /// <summary>True when the node holding a volume or address is up (an unknown holder counts as down).</summary>
    private static bool HolderIsUp(WorldState state, string holder) =>
        state.Nodes.TryGetValue(holder, out var node) && node.Up;

    /// <summary>A service running or starting on the node whose hierarchy needs the volume, or null.</summary>
    private static string? ServiceUsing(WorldState state, NodeRecord node, string volume, DateTimeOffset now) =>
        state.HierarchiesWith(HierarchyMember.Volume, volume)
            .SelectMany(h => h.Services)
            .FirstOrDefault(s => node.Services.TryGetValue(s, out var record)
                && record.Settle(now) is ServiceState.Running or ServiceState.Starting);
}
