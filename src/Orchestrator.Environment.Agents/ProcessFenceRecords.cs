using System.Collections.Concurrent;

namespace Orchestrator.Environment.Agents;

/// <summary>Fences kept in this process only (an <see cref="AgentEnvironment"/> made without a store: tests, tools).</summary>
public sealed class ProcessFenceRecords : IFenceRecords
{
    private readonly ConcurrentDictionary<string, string> _fences = new(StringComparer.OrdinalIgnoreCase);

    public Task RecordAsync(string node, string effectKey, CancellationToken cancellationToken)
    {
        _fences[node] = effectKey;
        return Task.CompletedTask;
    }

    public Task<string?> FenceOfAsync(string node, CancellationToken cancellationToken) => Task.FromResult(_fences.GetValueOrDefault(node));

    public Task EndAsync(string node, string effectKey, CancellationToken cancellationToken)
    {
        _fences.TryRemove(KeyValuePair.Create(node, effectKey));
        return Task.CompletedTask;
    }
}
