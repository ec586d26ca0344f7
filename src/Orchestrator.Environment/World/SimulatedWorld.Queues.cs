using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// S26: the other servers' queues for <paramref name="fromServer"/> now deliver to <paramref name="toServer"/>
    /// (no-op when they already do; reconnecting a server's queues to itself restores direct delivery). Fails
    /// (transient) when <paramref name="toServer"/> is down. Counted under "QueueReconnect:{toServer}/{fromServer}".
    /// </summary>
    public Task EnsureQueuesReconnectedAsync(string fromServer, string toServer, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fromServer);
        return ExecuteAsync(
            EffectKind.QueueReconnect,
            toServer,
            key,
            state => WorldLookup.Node(state, fromServer).Name,
            (state, n, target, _) =>
            {
                if (SameName(QueueTargetOf(state, target), n.Name))
                {
                    return Done(applied: false);
                }

                if (SameName(target, n.Name))
                {
                    state.QueueRoutes.Remove(target);
                }
                else
                {
                    state.QueueRoutes[target] = n.Name;
                }

                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>Where the other servers deliver the mail they queue for the server.</summary>
    private static string QueueTargetOf(WorldState state, string server) =>
        state.QueueRoutes.GetValueOrDefault(server) ?? server;
}
