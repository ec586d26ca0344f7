using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// Fencing on real nodes: the node's fence script runs here, on the orchestrator's host (the fence device acts, not the
/// node, so a dead node can be fenced), bounded by <see cref="AgentOptions.FenceTimeout"/>. Its exit code is the outcome:
/// 0 fenced, anything else (or no end in time) a transient failure the engine retries and audits. A fence that succeeded
/// is recorded in <see cref="IFenceRecords"/> (the shared store in the product), so a restarted or a second orchestrator
/// knows it; it ends when the node's agent answers again (the node came back), and that end is recorded too.
/// </summary>
public sealed partial class AgentEnvironment
{
    private readonly IFenceRecords _fences = new ProcessFenceRecords();

    /// <summary>An environment whose fences are kept in <paramref name="fences"/> (the runners' shared store).</summary>
    public AgentEnvironment(IAgentClusterSource cluster, AgentClient client, AgentOptions options, IFenceRecords fences)
        : this(cluster, client, options)
    {
        _fences = fences ?? throw new ArgumentNullException(nameof(fences));
    }

    public async Task EnsureFencedAsync(string node, EffectKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (_, target) = await NodeAsync(node, cancellationToken).ConfigureAwait(false);
        var script = target.FenceScript
            ?? throw new EnvironmentException($"node {node} has no fence script in the cluster definition; add 'fence: /path/to/script' to the node", transient: false);
        await FenceScript.RunAsync(script, node, key, options.FenceTimeout, cancellationToken).ConfigureAwait(false);
        await _fences.RecordAsync(target.Name, key.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fenced (by any orchestrator on the store) and not answering since: a node whose agent answers again has come back,
    /// and its fence ends. When whether it answers is unknown, the fence stands.
    /// </summary>
    public async Task<bool> IsFencedAsync(string node, CancellationToken cancellationToken)
    {
        if (await _fences.FenceOfAsync(node, cancellationToken).ConfigureAwait(false) is not { } fence)
            return false;
        bool up;
        try
        {
            up = await IsUpAsync(node, cancellationToken).ConfigureAwait(false);
        }
        catch (EnvironmentException)
        {
            return true;
        }

        if (!up)
            return true;
        await _fences.EndAsync(node, fence, cancellationToken).ConfigureAwait(false);
        return false;
    }
}
