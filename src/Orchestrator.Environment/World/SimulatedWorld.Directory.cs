using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>
    /// S22: adds the mailbox users the world does not know yet, each homed on its server (a known node). A user the
    /// world already knows keeps its domain and current home. Idempotent; not counted as effects. Every name is
    /// checked before anything changes.
    /// </summary>
    public Task SeedUsersAsync(
        IEnumerable<(string User, string Domain, string HomeServer)> users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        var list = users.ToList();
        foreach (var (user, domain, home) in list)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(user);
            ArgumentException.ThrowIfNullOrWhiteSpace(domain);
            ArgumentException.ThrowIfNullOrWhiteSpace(home);
        }

        return store.UpdateAsync(
            state =>
            {
                var resolved = list.Select(u => (u.User, u.Domain, Home: WorldLookup.Node(state, u.HomeServer).Name)).ToList();
                foreach (var (user, domain, home) in resolved)
                {
                    state.Users.TryAdd(user, new UserRecord { Name = user, Domain = domain, Home = home });
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>The users homed on the server, by name; throws for a server (node) the world does not know.</summary>
    public Task<IReadOnlyList<string>> UsersHomedOnAsync(string server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        return store.ReadAsync<IReadOnlyList<string>>(
            state =>
            {
                var node = WorldLookup.Node(state, server);
                return [.. state.Users.Values
                    .Where(u => SameName(u.Home, node.Name))
                    .Select(u => u.Name)
                    .Order(StringComparer.OrdinalIgnoreCase)];
            },
            cancellationToken);
    }

    /// <summary>
    /// Moves the user's home to the server (no-op when it is homed there already). Fails (transient) when the
    /// server's node is down or a fault was injected for the user. Counted under "UserMove:{server}/{user}". The user
    /// record keeps which account moved it (<see cref="UserRecord.MovedBy"/>; the user, never the password), so a test
    /// can tell the move was made with the directory credentials.
    /// </summary>
    public Task EnsureUserHomedAsync(string user, string server, DirectoryAccount account, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(account);
        var movedBy = account.User;
        return ExecuteAsync(
            EffectKind.UserMove,
            server,
            key,
            state => WorldLookup.User(state, user).Name,
            (state, n, target, _) =>
            {
                var record = state.Users[target];
                if (SameName(record.Home, n.Name))
                {
                    return Done(applied: false);
                }

                if (state.Faults.FailedUserMoves.Contains(target))
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"moving {target} from {record.Home} to {n.Name} failed (injected fault)", transient: true));
                }

                record.Home = n.Name;
                record.MovedBy = movedBy;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    public Task<string?> HomeOfAsync(string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return store.ReadAsync(state => state.Users.TryGetValue(user, out var record) ? record.Home : null, cancellationToken);
    }

    public Task<string?> DomainOfAsync(string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return store.ReadAsync(state => state.Users.TryGetValue(user, out var record) ? record.Domain : null, cancellationToken);
    }

    /// <summary>Every move of the user fails (transient) until <see cref="ClearUserFaultAsync"/> or <see cref="ClearFaultsAsync"/>.</summary>
    public Task FailUserMoveAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return store.UpdateAsync(state => state.Faults.FailedUserMoves.Add(WorldLookup.User(state, user).Name), cancellationToken);
    }

    /// <summary>Lets the user move again.</summary>
    public Task ClearUserFaultAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return store.UpdateAsync(state => state.Faults.FailedUserMoves.Remove(WorldLookup.User(state, user).Name), cancellationToken);
    }
}
