using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

/// <summary>
/// The simulated world behind every port: servers, services, volumes, the switchable address, shares, DNS,
/// fencing, the directory's mailbox users and mail queues. It enforces physics (one mount per volume, one owner per
/// address, services need their volumes, dead nodes do nothing), makes every effect idempotent by its
/// <see cref="EffectKey"/> (refusing a stale claim's, <see cref="StaleClaimException"/>), counts every call, injects faults and latency on demand and records every violation of
/// the safety invariants (<see cref="WorldInvariant"/>) an applied effect causes. All state lives in the
/// <see cref="IWorldStateStore"/>, so several processes (and a restarted orchestrator) see the same world.
/// </summary>
public sealed partial class SimulatedWorld
    : IServiceControl, IVolumeControl, IAddressControl, IShareControl, IDnsControl, INodeProbe,
      INodeFence, IDirectoryControl, IQueueControl, IMirrorProbe, IRoutingControl, IPublicStoreControl, IPathProbe, IServiceStartModeControl
{
    private readonly IWorldStateStore store;
    private readonly TimeProvider time;

    public SimulatedWorld(IWorldStateStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        this.store = store;
        this.time = time;
    }

    /// <summary>A hook an effect uses to resolve its target to the canonical name (throwing for unknown names) before any change.</summary>
    private delegate string TargetResolver(WorldState state);

    /// <summary>Applies one effect to a resolved node and target; changes state only when it returns Applied.</summary>
    private delegate EffectOutcome<T> EffectBody<T>(WorldState state, NodeRecord node, string target, DateTimeOffset now);

    /// <summary>What a replayed call returns.</summary>
    private delegate T ReplayValue<T>(WorldState state, NodeRecord node, string target, DateTimeOffset now);

    public Task<bool> IsUpAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.ReadAsync(state => WorldLookup.Node(state, node).Up, cancellationToken);
    }

    private Task<T> ExecuteAsync<T>(
        EffectKind kind,
        string node,
        EffectKey key,
        TargetResolver resolve,
        EffectBody<T> body,
        ReplayValue<T> replay,
        CancellationToken cancellationToken) =>
        ExecuteAsync(kind, node, key, resolve, body, replay, nodeMayBeDown: false, cancellationToken);

    /// <summary>
    /// Runs one effect: waits the injected latency (outside any transaction), then, atomically: counts the call,
    /// settles a finished mirror resync of the node (every reader of another node's mirror sees it settled through
    /// <see cref="NodeRecord.EffectiveMirror"/>), consumes a fail-next fault, refuses a stale claim, answers a replay (raising its accepted token), refuses a down node (unless
    /// <paramref name="nodeMayBeDown"/>: the effect is done to the node, not by it), applies the body, records the key
    /// and checks the invariants. The latency is read inside the effect's own update: when there is one, that update
    /// changes nothing, the latency is waited and a second update applies the effect (one update when there is none).
    /// </summary>
    private async Task<T> ExecuteAsync<T>(
        EffectKind kind,
        string node,
        EffectKey key,
        TargetResolver resolve,
        EffectBody<T> body,
        ReplayValue<T> replay,
        bool nodeMayBeDown,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(key);

        var call = new EffectCall(kind, node, key, nodeMayBeDown);
        var waited = false;
        while (true)
        {
            var (latency, applied) = await store.UpdateAsync<(TimeSpan, EffectOutcome<T>?)>(
                    state => !waited && state.Faults.LatencyOf(kind) is var l && l > TimeSpan.Zero
                        ? (l, null)
                        : (TimeSpan.Zero, Apply(state, call, resolve, body, replay)),
                    cancellationToken)
                .ConfigureAwait(false);
            if (applied is { } outcome)
            {
                return outcome.Error is null ? outcome.Value : throw outcome.Error;
            }

            if (latency == WorldFaults.Hang)
            {
                await HangAsync().ConfigureAwait(false);
            }

            await Task.Delay(latency, time, cancellationToken).ConfigureAwait(false);
            waited = true;
        }
    }

    /// <summary>A hung call (<see cref="WorldFaults.Hang"/>): never returns, whatever its cancellation token says.</summary>
    internal static Task HangAsync() => Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);

    private EffectOutcome<T> Apply<T>(
        WorldState state,
        EffectCall call,
        TargetResolver resolve,
        EffectBody<T> body,
        ReplayValue<T> replay)
    {
        var (kind, nodeName, key, nodeMayBeDown) = call;

        // Resolve first: an unknown name throws before anything changes (and is not counted).
        var node = WorldLookup.Node(state, nodeName);
        var target = resolve(state);
        var now = time.GetUtcNow();
        node.SettleMirror(now);
        var counters = state.Counters;
        WorldCounters.Increment(counters.Calls, kind);

        // A stale claim is refused before anything else (it consumes no injected fault); token 0 never is.
        var accepted = state.Ledger.AcceptedToken(key, kind, node.Name, target);
        EffectOutcome<T> outcome;
        if (StaleClaimRule.IsStale(key.FencingToken, accepted))
        {
            outcome = EffectOutcome<T>.Fenced(new StaleClaimException(
                StaleClaimRule.Describe(key.FencingToken, accepted!.Value, kind.ToString(), target, node.Name)));
        }
        else if (state.Faults.TryConsumeFailNext(kind, node.Name, target))
        {
            outcome = EffectOutcome<T>.Rejected(new EnvironmentException(
                $"injected fault: {kind} of {target} on {node.Name} failed", transient: true));
        }
        else if (accepted is { } highest)
        {
            outcome = EffectOutcome<T>.Replayed(replay(state, node, target, now));
            if (StaleClaimRule.Accepted(key.FencingToken, highest) > highest)
            {
                state.Ledger.Accept(key, kind, node.Name, target);
            }
        }
        else if (!node.Up && !nodeMayBeDown)
        {
            outcome = EffectOutcome<T>.Rejected(new EnvironmentException(
                $"{node.Name} is down; {kind} of {target} was not applied", transient: true));
        }
        else
        {
            var before = InvariantsBefore(state, kind, node, target, now);
            outcome = body(state, node, target, now);
            if (outcome.Kind == EffectOutcomeKind.Applied)
            {
                RecordViolations(state, before, kind, node, target, key, now);
            }
        }

        switch (outcome.Kind)
        {
            case EffectOutcomeKind.Applied:
                WorldCounters.Increment(counters.Applied, WorldCounters.AppliedKey(kind, node.Name, target));
                state.Ledger.Record(new AppliedEffectRecord
                {
                    Key = key.ToString(), Kind = kind, Node = node.Name, Target = target, AppliedAt = now, FencingToken = key.FencingToken,
                });
                break;
            case EffectOutcomeKind.NoOp:
                WorldCounters.Increment(counters.NoOps, kind);
                break;
            case EffectOutcomeKind.Replayed:
                counters.CountReplay(kind, node.Name, target);
                break;
            case EffectOutcomeKind.Fenced:
                WorldCounters.Increment(counters.Fenced, kind);
                break;
            default:
                WorldCounters.Increment(counters.Failed, kind);
                break;
        }

        return outcome;
    }

    /// <summary>One effect call as the caller asked for it, before its node and target are resolved.</summary>
    private readonly record struct EffectCall(EffectKind Kind, string Node, EffectKey Key, bool NodeMayBeDown);

    private static bool SameName(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static EffectOutcome<bool> Done(bool applied) =>
        applied ? EffectOutcome<bool>.Applied(true) : EffectOutcome<bool>.NoOp(true);

    private static bool Unit(WorldState state, NodeRecord node, string target, DateTimeOffset now) => true;
}
