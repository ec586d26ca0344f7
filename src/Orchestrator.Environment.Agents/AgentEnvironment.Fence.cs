using System.Collections.Concurrent;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// Fencing on real nodes: the node's fence script runs here, on the orchestrator's host (the fence device acts, not the
/// node, so a dead node can be fenced), bounded by <see cref="AgentOptions.FenceTimeout"/>. Its exit code is the outcome:
/// 0 fenced, anything else (or no end in time) a transient failure the engine retries and audits.
/// </summary>
public sealed partial class AgentEnvironment
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _fenced = new(StringComparer.OrdinalIgnoreCase);

    public async Task EnsureFencedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (_, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        var script = target.FenceScript
            ?? throw new EnvironmentException($"node {node} has no fence script in the cluster definition; add 'fence: /path/to/script' to the node", transient: false);
        await FenceScript.RunAsync(script, node, key, options.FenceTimeout, cancellationToken).ConfigureAwait(false);
        _fenced[node] = DateTimeOffset.UtcNow;
    }

    /// <summary>Fenced by this process and not answering since (a node whose agent answers again has come back).</summary>
    public async Task<bool> IsFencedAsync(string node, CancellationToken cancellationToken) =>
        _fenced.ContainsKey(node) && !await IsUpAsync(node, cancellationToken).ConfigureAwait(false);
}
