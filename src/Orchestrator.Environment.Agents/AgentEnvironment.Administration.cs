using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// S10–S13 over the nodes' agents: the agents do not report Exchange database names, data locations or hierarchy
/// membership yet, so every read is unknown (null, or empty where the port says empty is unknown) and every change is
/// refused, naming the way to change an agents cluster today (the cluster file and `orchestrator cluster apply`).
/// No hierarchy can be deleted through here, so none was deleted while on a backup: the tombstone list is empty.
/// </summary>
public sealed partial class AgentEnvironment : IHierarchyAdministration
{
    public Task<StoreNames?> ReadStoreNamesAsync(string node, string application, CancellationToken cancellationToken) =>
        Task.FromResult<StoreNames?>(null);

    public Task<bool> RenameStoreAsync(string application, StoreRename rename, EffectKey key, CancellationToken cancellationToken) =>
        throw NotAdministered($"renaming the {rename?.Kind} '{rename?.From}' of {application} on {rename?.Node}");

    public Task<ExchangeDataReading?> ReadExchangeDataAsync(string node, string application, CancellationToken cancellationToken) =>
        Task.FromResult<ExchangeDataReading?>(null);

    public Task<bool> CreateAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken) =>
        throw NotAdministered($"creating hierarchy {hierarchy?.Name} on {node}");

    public Task<bool> ExtendAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken) =>
        throw NotAdministered($"extending hierarchy {hierarchy?.Name} to {node}");

    public Task<bool> UnextendAsync(string node, string hierarchy, EffectKey key, CancellationToken cancellationToken) =>
        throw NotAdministered($"unextending hierarchy {hierarchy} from {node}");

    public Task<bool> DeleteAsync(string hierarchy, string? inServiceOn, string primaryNode, EffectKey key, CancellationToken cancellationToken) =>
        throw NotAdministered($"deleting hierarchy {hierarchy}");

    public Task<IReadOnlyList<HierarchyPlacement>> DeletedOnBackupAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HierarchyPlacement>>([]);

    /// <summary>The agents keep no tombstones (they administer no hierarchies yet): none to move back.</summary>
    public Task<IReadOnlyList<string>> UsersToMoveBackAsync(string hierarchy, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyList<string>> HierarchyNodesAsync(string hierarchy, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    private static EnvironmentException NotAdministered(string what) =>
        new($"{what}: the agent environment does not administer hierarchies yet; edit the cluster file and run `orchestrator cluster apply FILE`", transient: false);
}
