namespace Orchestrator.Environment.Ports;

/// <summary>S29: the cluster agent and the installed software of each node, and planned stops/starts of a node.</summary>
public interface INodeSoftware
{
    /// <summary>The software version installed on the node.</summary>
    Task<string> InstalledVersionAsync(string node, CancellationToken cancellationToken);

    /// <summary>True while the node is up and its cluster agent runs.</summary>
    Task<bool> IsAgentRunningAsync(string node, CancellationToken cancellationToken);

    /// <summary>Stops the cluster agent, leaving the node's resources active (lkstop -f). No-op when stopped.</summary>
    Task EnsureAgentStoppedAsync(string node, EffectKey key, CancellationToken cancellationToken);

    /// <summary>Starts the cluster agent. No-op when it runs.</summary>
    Task EnsureAgentRunningAsync(string node, EffectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Installs the package version; refused (<see cref="EnvironmentException"/>, not transient) while the agent runs.
    /// No-op when that version is installed.
    /// </summary>
    Task EnsureInstalledAsync(string node, string version, EffectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// What is wrong with the node after an update, in words (agent not running, another version installed,
    /// injected verification fault), or null when it works.
    /// </summary>
    Task<string?> VerifyAsync(string node, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>A planned shutdown (S29 "stop the primary"): the node goes down, not fenced, its services stop, its agent stops. No-op when down.</summary>
    Task EnsureNodeStoppedAsync(string node, EffectKey key, CancellationToken cancellationToken);

    /// <summary>Starts a stopped node: up, agent running, services stopped (like a restore, but counted as an effect). No-op when up.</summary>
    Task EnsureNodeStartedAsync(string node, EffectKey key, CancellationToken cancellationToken);
}
