using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    public Task EnsureSharedAsync(string node, string share, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        return ExecuteAsync(
            EffectKind.ShareCreate,
            node,
            key,
            state => WorldLookup.Share(state, share),
            (_, n, target, _) => Done(applied: n.Shares.Add(target)),
            Unit,
            cancellationToken);
    }

    public Task EnsureRemovedAsync(string node, string share, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        return ExecuteAsync(
            EffectKind.ShareRemove,
            node,
            key,
            state => WorldLookup.Share(state, share),
            (_, n, target, _) => Done(applied: n.Shares.Remove(target)),
            Unit,
            cancellationToken);
    }

    /// <summary>Points the record at the node (no-op when it already does). Counted under "DnsUpdate:{node}/{type} {name}".</summary>
    public Task EnsureRecordAsync(string type, string name, string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        return ExecuteAsync(
            EffectKind.DnsUpdate,
            node,
            key,
            state =>
            {
                var record = WorldLookup.Dns(state, type, name);
                return DnsRecordEntry.KeyOf(record.Type, record.Name);
            },
            (state, n, target, _) =>
            {
                var record = state.DnsRecords[target];
                if (SameName(record.Target, n.Name))
                {
                    return Done(applied: false);
                }

                record.Target = n.Name;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    public Task<string?> GetRecordTargetAsync(string type, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        return store.ReadAsync(state => WorldLookup.Dns(state, type, name).Target, cancellationToken);
    }
}
