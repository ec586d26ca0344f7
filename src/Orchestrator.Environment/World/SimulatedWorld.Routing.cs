using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>Sets up routing groups (server → group) and the public-folder owner list; not counted as effects.</summary>
    public Task SetRoutingAsync(IReadOnlyDictionary<string, string> groups, IReadOnlyList<string> publicFolderOwners, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(publicFolderOwners);
        return store.UpdateAsync(
            state =>
            {
                foreach (var (server, group) in groups)
                {
                    var name = WorldLookup.Node(state, server).Name;
                    state.RoutingGroups[name] = group;
                    state.OriginalRoutingGroups[name] = group;
                }

                state.PublicFolderOwners = [.. publicFolderOwners.Select(o => WorldLookup.Node(state, o).Name)];
                return true;
            },
            cancellationToken);
    }

    public Task<string?> RoutingGroupOfAsync(string server, CancellationToken cancellationToken) =>
        store.ReadAsync(state => state.RoutingGroups.GetValueOrDefault(server), cancellationToken);

    public Task<string?> OriginalRoutingGroupOfAsync(string server, CancellationToken cancellationToken) =>
        store.ReadAsync(state => state.OriginalRoutingGroups.GetValueOrDefault(server), cancellationToken);

    public Task<IReadOnlyList<string>> PublicFolderOwnersAsync(CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<string>>(state => [.. state.PublicFolderOwners], cancellationToken);

    /// <summary>
    /// S23: the server joins the routing group (its connectors follow). Works while the server is down — the
    /// change is made in the directory, not on the server. Counted as "RoutingGroupChange:{server}/{group}".
    /// </summary>
    public Task EnsureRoutingGroupAsync(string server, string group, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        return ExecuteAsync(
            EffectKind.RoutingGroupChange,
            server,
            key,
            _ => group,
            (state, n, target, _) =>
            {
                if (string.Equals(state.RoutingGroups.GetValueOrDefault(n.Name), target, StringComparison.OrdinalIgnoreCase))
                {
                    return Done(applied: false);
                }

                state.RoutingGroups[n.Name] = target;
                return Done(applied: true);
            },
            Unit,
            nodeMayBeDown: true,
            cancellationToken);
    }

    /// <summary>S24: the mailbox's default public store is on <paramref name="storeServer"/>. Counted as "PublicStoreRewrite:{storeServer}/{user}".</summary>
    public Task EnsureDefaultPublicStoreAsync(string user, string storeServer, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ExecuteAsync(
            EffectKind.PublicStoreRewrite,
            storeServer,
            key,
            state => WorldLookup.User(state, user).Name,
            (state, n, target, _) =>
            {
                var record = state.Users[target];
                if (string.Equals(record.DefaultPublicStore, n.Name, StringComparison.OrdinalIgnoreCase))
                {
                    return Done(applied: false);
                }

                record.DefaultPublicStore = n.Name;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }
}
