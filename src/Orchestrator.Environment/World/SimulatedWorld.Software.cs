using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.World;

public sealed partial class SimulatedWorld : INodeSoftware
{
    public Task<string> InstalledVersionAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.ReadAsync(state => WorldLookup.Node(state, node).Version, cancellationToken);
    }

    public Task<bool> IsAgentRunningAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return store.ReadAsync(state => WorldLookup.Node(state, node).AgentIsRunning(), cancellationToken);
    }

    /// <summary>S29: stops the node's cluster agent (lkstop -f): its resources stay active. No-op when stopped. Counted under "AgentStop:{node}/{node}".</summary>
    public Task EnsureAgentStoppedAsync(string node, EffectKey key, CancellationToken cancellationToken) =>
        SetAgentAsync(EffectKind.AgentStop, node, running: false, key, cancellationToken);

    /// <summary>S29: starts the node's cluster agent. No-op when it runs. Counted under "AgentStart:{node}/{node}".</summary>
    public Task EnsureAgentRunningAsync(string node, EffectKey key, CancellationToken cancellationToken) =>
        SetAgentAsync(EffectKind.AgentStart, node, running: true, key, cancellationToken);

    /// <summary>
    /// S29: installs <paramref name="version"/> on the node. No-op when it is installed; refused (not transient) while
    /// the node's cluster agent runs. Counted under "PackageInstall:{node}/{version}".
    /// </summary>
    public Task EnsureInstalledAsync(string node, string version, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        return ExecuteAsync(
            EffectKind.PackageInstall,
            node,
            key,
            _ => version,
            (_, n, target, _) =>
            {
                if (string.Equals(n.Version, target, StringComparison.Ordinal))
                {
                    return Done(applied: false);
                }

                if (n.AgentRunning)
                {
                    return EffectOutcome<bool>.Rejected(new EnvironmentException(
                        $"the cluster agent runs on {n.Name}; stop it (lkstop -f) before installing {target}", transient: false));
                }

                n.Version = target;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }

    /// <summary>
    /// S29: what is wrong with the node after an update (down, agent not running, another version installed, an
    /// injected verification fault), the problems joined by "; ", or null when it works. Each call consumes one
    /// injected verification fault of the node. Not counted as an effect.
    /// </summary>
    public Task<string?> VerifyAsync(string node, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(expectedVersion);
        return store.UpdateAsync(
            state =>
            {
                var n = WorldLookup.Node(state, node);
                var problems = new List<string>();
                if (!n.Up)
                {
                    problems.Add($"{n.Name} is down");
                }
                else if (!n.AgentRunning)
                {
                    problems.Add($"the cluster agent is not running on {n.Name}");
                }

                if (!string.Equals(n.Version, expectedVersion, StringComparison.Ordinal))
                {
                    problems.Add($"{n.Name} has version {n.Version} installed, not {expectedVersion}");
                }

                if (state.Faults.TryConsumeFailVerify(n.Name))
                {
                    problems.Add($"injected fault: verification of {n.Name} failed");
                }

                return problems.Count == 0 ? null : string.Join("; ", problems);
            },
            cancellationToken);
    }

    /// <summary>
    /// S29: a planned shutdown: the node is down and stopped (not fenced), its services stop, its shares go, its
    /// agent stops; what it holds stays held, but it is safe to take over. No-op when the node is down.
    /// Counted under "NodeShutdown:{node}/{node}".
    /// </summary>
    public Task EnsureNodeStoppedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(
            EffectKind.NodeShutdown,
            node,
            key,
            state => WorldLookup.Node(state, node).Name,
            (_, n, _, _) =>
            {
                if (!n.Up)
                {
                    return Done(applied: false);
                }

                PowerOff(n);
                n.Stopped = true;
                n.AgentRunning = false;
                return Done(applied: true);
            },
            Unit,
            nodeMayBeDown: true,
            cancellationToken);
    }

    /// <summary>
    /// S29: starts a node that is down: up, neither fenced nor stopped, agent running, services stopped. No-op when
    /// the node is up. Counted under "NodeBoot:{node}/{node}".
    /// </summary>
    public Task EnsureNodeStartedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(
            EffectKind.NodeBoot,
            node,
            key,
            state => WorldLookup.Node(state, node).Name,
            (_, n, _, _) =>
            {
                if (n.Up)
                {
                    return Done(applied: false);
                }

                n.Up = true;
                n.Fenced = false;
                n.Stopped = false;
                n.AgentRunning = true;
                foreach (var service in n.Services.Values)
                {
                    service.State = ServiceState.Stopped;
                    service.ReadyAt = null;
                }

                return Done(applied: true);
            },
            Unit,
            nodeMayBeDown: true,
            cancellationToken);
    }

    /// <summary>
    /// S29: makes the node's verifications fail: the next <paramref name="times"/> ones, or every one until the faults
    /// are cleared (-1). Not counted.
    /// </summary>
    public Task FailVerifyAsync(string node, int times = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (times is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "give a positive count, or -1 for every verification");
        }

        return store.UpdateAsync(
            state =>
            {
                state.Faults.FailVerify[WorldLookup.Node(state, node).Name] = times;
                return true;
            },
            cancellationToken);
    }

    private Task SetAgentAsync(EffectKind kind, string node, bool running, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ExecuteAsync(
            kind,
            node,
            key,
            state => WorldLookup.Node(state, node).Name,
            (_, n, _, _) =>
            {
                if (n.AgentRunning == running)
                {
                    return Done(applied: false);
                }

                n.AgentRunning = running;
                return Done(applied: true);
            },
            Unit,
            cancellationToken);
    }
}
