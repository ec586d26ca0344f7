using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : IMirrorControl
{
    /// <summary>
    /// S27: pauses the mirror to the node: Mirroring, PartialResync or FullResync → Paused. No-op when it is paused or
    /// the node is on shared storage (None). Counted under "MirrorPause:{node}/{node}".
    /// </summary>
    public Task EnsureMirrorPausedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(
            EffectKind.MirrorPause,
            node,
            key,
            state => WorldLookup.Node(state, node).Name,
            (_, n, _, _) =>
            {
                if (n.Mirror is MirrorState.Paused or MirrorState.None)
                {
                    return Done(applied: false);
                }

                n.Mirror = MirrorState.Paused;
                n.ResyncEndsAt = null;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>
    /// S27: resumes a paused mirror to the node: Paused → PartialResync, which is Mirroring once the world's resync
    /// time has passed on its clock. No-op in any other state. Counted under "MirrorResume:{node}/{node}".
    /// </summary>
    public Task EnsureMirrorResumedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(
            EffectKind.MirrorResume,
            node,
            key,
            state => WorldLookup.Node(state, node).Name,
            (state, n, _, now) =>
            {
                if (n.Mirror != MirrorState.Paused)
                {
                    return Done(applied: false);
                }

                n.Mirror = MirrorState.PartialResync;
                n.ResyncEndsAt = now + state.Faults.ResyncTime;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>The state of the mirror to the node as of now (a finished partial resync is Mirroring).</summary>
    public Task<MirrorState> GetMirrorStateAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var now = time.GetUtcNow();
        return store.ReadAsync(state => WorldLookup.Node(state, node).EffectiveMirror(now), cancellationToken);
    }

    /// <summary>
    /// S27/S28: sets the state of the mirror that replicates to <paramref name="node"/> (e.g. FullResync after the old
    /// source rebooted). A state set here stays until changed: even PartialResync does not finish on its own.
    /// Not counted as an effect.
    /// </summary>
    public Task SetMirrorStateAsync(string node, MirrorState mirror, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.UpdateAsync(
            state =>
            {
                var n = WorldLookup.Node(state, node);
                n.Mirror = mirror;
                n.ResyncEndsAt = null;
                return true;
            },
            cancellationToken);
    }

    /// <summary>S27: from now on a resume's partial resync takes <paramref name="resyncTime"/> (zero: Mirroring at once). Not counted.</summary>
    public Task SetResyncTimeAsync(TimeSpan resyncTime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resyncTime, TimeSpan.Zero);
        return store.UpdateAsync(
            state =>
            {
                state.Faults.ResyncTime = resyncTime;
                return true;
            },
            cancellationToken);
    }
}
