namespace Orchestrator.Environment.Agents;

/// <summary>
/// Where the fences a node's script made are kept (the orchestrator's shared store in the product: a restarted or a second
/// runner knows them). One fence per node, named by the effect key of the step that made it.
/// </summary>
public interface IFenceRecords
{
    /// <summary>Records that <paramref name="node"/> was fenced by the step of <paramref name="effectKey"/>.</summary>
    Task RecordAsync(string node, string effectKey, CancellationToken cancellationToken);

    /// <summary>The effect key of the node's fence, or null when it has none.</summary>
    Task<string?> FenceOfAsync(string node, CancellationToken cancellationToken);

    /// <summary>Ends the node's fence made by <paramref name="effectKey"/> (a newer fence of it stays).</summary>
    Task EndAsync(string node, string effectKey, CancellationToken cancellationToken);
}
