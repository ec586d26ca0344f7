using System.Collections.Concurrent;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>
/// A pass-through decorator of the node, path and mirror probes (the edge every observation goes through) that counts,
/// per node or path, the probes made in the flow of <see cref="Watch"/> only — a step that a background worker runs
/// meanwhile is not counted.
/// </summary>
public sealed class CountingProbes(INodeProbe nodes, IPathProbe paths, IMirrorProbe mirrors) : INodeProbe, IPathProbe, IMirrorProbe
{
    private readonly AsyncLocal<bool> _watching = new();

    public ConcurrentDictionary<string, int> NodeProbes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> PathProbes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, int> MirrorProbes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts the probes made by <paramref name="work"/> (and what it awaits), from zero.</summary>
    public async Task Watch(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        NodeProbes.Clear();
        PathProbes.Clear();
        MirrorProbes.Clear();
        _watching.Value = true;
        try
        {
            await work();
        }
        finally
        {
            _watching.Value = false;
        }
    }

    /// <summary>Whether the caller runs in the flow of <see cref="Watch"/>.</summary>
    public bool Watching => _watching.Value;

    public Task<bool> IsUpAsync(string node, CancellationToken cancellationToken)
    {
        Count(NodeProbes, node);
        return nodes.IsUpAsync(node, cancellationToken);
    }

    public Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken)
    {
        Count(PathProbes, $"{nodeA}-{nodeB}");
        return paths.IsPathUpAsync(nodeA, nodeB, cancellationToken);
    }

    public Task<MirrorState> GetMirrorStateAsync(string node, CancellationToken cancellationToken)
    {
        Count(MirrorProbes, node);
        return mirrors.GetMirrorStateAsync(node, cancellationToken);
    }

    private void Count(ConcurrentDictionary<string, int> counts, string key)
    {
        if (_watching.Value)
        {
            counts.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }
}
