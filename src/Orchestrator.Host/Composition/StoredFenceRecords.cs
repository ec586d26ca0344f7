using Orchestrator.Environment.Agents;
using Orchestrator.Storage.Fencing;

namespace Orchestrator.Host.Composition;

/// <summary>The agents' fences in the runners' shared store (<see cref="IFencedNodeStore"/>), stamped with the store's clock.</summary>
public sealed class StoredFenceRecords(IFencedNodeStore store, TimeProvider time) : IFenceRecords
{
    public Task RecordAsync(string node, string effectKey, CancellationToken cancellationToken) =>
        store.RecordAsync(node, effectKey, time.GetUtcNow(), cancellationToken);

    public async Task<string?> FenceOfAsync(string node, CancellationToken cancellationToken) =>
        (await store.GetAsync(node, cancellationToken).ConfigureAwait(false))?.EffectKey;

    public Task EndAsync(string node, string effectKey, CancellationToken cancellationToken) =>
        store.ClearAsync(node, effectKey, cancellationToken);
}
