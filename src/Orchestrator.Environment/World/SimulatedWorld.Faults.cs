using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld
{
    /// <summary>From now on a start of <paramref name="service"/> (on any node) leaves it Starting for <paramref name="delay"/>; zero removes the delay.</summary>
    public Task SetStartDelayAsync(string service, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return store.UpdateAsync(
            state =>
            {
                var name = WorldLookup.Service(state, service);
                if (delay == TimeSpan.Zero)
                {
                    return state.Faults.StartDelays.Remove(name);
                }

                state.Faults.StartDelays[name] = delay;
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Fails the service on the node: if it is running or starting there it is now <see cref="ServiceState.Failed"/>,
    /// and every start attempt there fails (state Failed, transient <see cref="EnvironmentException"/>) until
    /// <see cref="ClearServiceFaultAsync"/> or <see cref="ClearFaultsAsync"/>.
    /// </summary>
    public Task FailServiceAsync(string node, string service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(service);
        return store.UpdateAsync(
            state =>
            {
                var n = WorldLookup.Node(state, node);
                var name = WorldLookup.Service(state, service);
                state.Faults.FailedServices.Add(WorldFaults.ServiceKey(n.Name, name));
                if (n.Services.TryGetValue(name, out var record)
                    && record.Settle(time.GetUtcNow()) is ServiceState.Running or ServiceState.Starting)
                {
                    record.State = ServiceState.Failed;
                    record.ReadyAt = null;
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>Lets the service start on the node again; a service left Failed stays Failed until it is started.</summary>
    public Task ClearServiceFaultAsync(string node, string service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(service);
        return store.UpdateAsync(
            state => state.Faults.FailedServices.Remove(
                WorldFaults.ServiceKey(WorldLookup.Node(state, node).Name, WorldLookup.Service(state, service))),
            cancellationToken);
    }

    /// <summary>
    /// The next <paramref name="count"/> calls of <paramref name="kind"/> fail with a transient
    /// <see cref="EnvironmentException"/>; when <paramref name="target"/> is given only calls whose target
    /// ("E", "MSExchangeIS", "A exch1.contoso.com") or "{node}/{target}" matches it (ignoring case) count.
    /// </summary>
    public Task FailNextAsync(EffectKind kind, string? target, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return store.UpdateAsync(
            state =>
            {
                state.Faults.FailNext.Add(new FailNextRule { Kind = kind, Target = target, Remaining = count });
                return true;
            },
            cancellationToken);
    }

    /// <summary>Each call of <paramref name="kind"/> waits <paramref name="latency"/> (on the world's TimeProvider) before it is applied; zero removes it.</summary>
    public Task SetLatencyAsync(EffectKind kind, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return store.UpdateAsync(
            state =>
            {
                if (latency == TimeSpan.Zero)
                {
                    return state.Faults.Latencies.Remove(kind.ToString());
                }

                state.Faults.Latencies[kind.ToString()] = latency;
                return true;
            },
            cancellationToken);
    }

    /// <summary>Every later call of <paramref name="kind"/> hangs (<see cref="WorldFaults.Hang"/>) until its latency is set again or the faults are cleared.</summary>
    public Task HangAsync(EffectKind kind, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(
            state =>
            {
                state.Faults.Latencies[kind.ToString()] = WorldFaults.Hang;
                return true;
            },
            cancellationToken);

    /// <summary>The latency currently added to each call of <paramref name="kind"/> (zero when none).</summary>
    public Task<TimeSpan> LatencyOfAsync(EffectKind kind, CancellationToken cancellationToken = default) =>
        store.LatencyOfAsync(kind, cancellationToken);

    /// <summary>
    /// Clears every injected fault: failed services, failed user moves, fail-next rules, latencies, start delays and
    /// failing verifications. The resync time stays.
    /// </summary>
    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        store.UpdateAsync(
            state =>
            {
                state.Faults.Clear();
                return true;
            },
            cancellationToken);

    /// <summary>
    /// The node goes down: all its services stop and its shares disappear. Volumes and the address it holds stay
    /// held by it (another node may take them over while it is down). Not counted as an effect.
    /// </summary>
    public Task FailNodeAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.UpdateAsync(
            state =>
            {
                PowerOff(WorldLookup.Node(state, node));
                return true;
            },
            cancellationToken);
    }

    /// <summary>The node is up again, no longer fenced nor stopped, its cluster agent running; its services stay stopped.</summary>
    public Task RestoreNodeAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.UpdateAsync(
            state =>
            {
                var n = WorldLookup.Node(state, node);
                n.Up = true;
                n.Fenced = false;
                n.Stopped = false;
                n.AgentRunning = true;
                return true;
            },
            cancellationToken);
    }
}
