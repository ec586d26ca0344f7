using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>Acquires the switchable address. Refused while another node that is up owns it; taken over from a node that is down.</summary>
    public Task EnsureOwnedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ExecuteAsync(
            EffectKind.AddressAcquire,
            node,
            key,
            state => WorldLookup.Address(state, address).Address,
            (state, n, target, _) =>
            {
                var record = WorldLookup.Address(state, target);
                if (SameName(record.Owner, n.Name))
                {
                    return Done(applied: false);
                }

                if (record.Owner is not null && HolderIsUp(state, record.Owner))
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"address {target} is owned by {record.Owner}; release it there first", transient: false));
                }

                record.Owner = n.Name;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>Releases the address (no-op when the node does not own it).</summary>
    public Task EnsureReleasedAsync(string node, string address, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ExecuteAsync(
            EffectKind.AddressRelease,
            node,
            key,
            state => WorldLookup.Address(state, address).Address,
            (state, n, target, _) =>
            {
                var record = WorldLookup.Address(state, target);
                if (!SameName(record.Owner, n.Name))
                {
                    return Done(applied: false);
                }

                record.Owner = null;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    public Task<string?> GetOwnerAsync(string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        return store.ReadAsync(state => WorldLookup.Address(state, address).Owner, cancellationToken);
    }
}
