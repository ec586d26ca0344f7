using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// Fences the node (power off through its fence device, so it works on a node that is already down): the node is
    /// down and fenced, its services stop, its shares go, and every volume mounted on it and every address it owns
    /// become free. No-op when the node is already fenced. Counted under "NodeFence:{node}/{node}".
    /// </summary>
    public Task EnsureFencedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(
            EffectKind.NodeFence,
            node,
            key,
            state => WorldLookup.Node(state, node).Name,
            (state, n, _, _) =>
            {
                if (n.Fenced)
                {
                    return Done(applied: false);
                }

                PowerOff(n);
                n.Fenced = true;
                // Indexed lookups (volumes and addresses by holder), not a scan of every volume and address.
                foreach (var volume in state.Volumes.WhereIndexed(n.Name, v => SameName(v.MountedOn, n.Name)))
                {
                    volume.MountedOn = null;
                }

                foreach (var address in state.Addresses.WhereIndexed(n.Name, a => SameName(a.Owner, n.Name)))
                {
                    address.Owner = null;
                }

                return Done(applied: true);
            },
            Unit,
            nodeMayBeDown: true,
            cancellationToken);
    }

    public Task<bool> IsFencedAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.ReadAsync(state => WorldLookup.Node(state, node).Fenced, cancellationToken);
    }

    /// <summary>The node is down: every service stopped, every share gone. What it holds stays held.</summary>
    private static void PowerOff(NodeRecord node)
    {
        node.Up = false;
        foreach (var service in node.Services.Values)
        {
            service.State = ServiceState.Stopped;
            service.ReadyAt = null;
        }

        node.Shares.Clear();
    }
}
