using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;

namespace Orchestrator.Environment.Ports;

/// <summary>
/// S10–S13: what the world says a hierarchy is on each node, and the changes hierarchy administration makes there
/// (create, extend, unextend, delete, store renames). Writes are effects: idempotent per <see cref="EffectKey"/>, counted,
/// and fenced against stale claims like every other effect.
/// </summary>
public interface IHierarchyAdministration
{
    /// <summary>S11: the database names the node's Exchange server has for the application; null = the node does not say (unknown).</summary>
    Task<StoreNames?> ReadStoreNamesAsync(string node, string application, CancellationToken cancellationToken);

    /// <summary>S11: rename one storage group / mailbox store / public store on rename.Node (idempotent per key; true = changed).</summary>
    Task<bool> RenameStoreAsync(string application, StoreRename rename, EffectKey key, CancellationToken cancellationToken);

    /// <summary>S10: where the application's Exchange data lives on the node, its system drive and what is known of each volume; null = unknown.</summary>
    Task<ExchangeDataReading?> ReadExchangeDataAsync(string node, string application, CancellationToken cancellationToken);

    /// <summary>S10: protect an application already in service on node: record the hierarchy (nodes = [node]); its services set to manual start there.</summary>
    Task<bool> CreateAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken);

    /// <summary>S11: make node able to run the hierarchy: its services known there (stopped, manual start), mirror set up if replicated, node recorded in the hierarchy's node list.</summary>
    Task<bool> ExtendAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken);

    /// <summary>S12: remove node from the hierarchy's node list (refuse with EnvironmentException if in service there).</summary>
    Task<bool> UnextendAsync(string node, string hierarchy, EffectKey key, CancellationToken cancellationToken);

    /// <summary>S13: forget the hierarchy (its resources stay as they are); when inServiceOn is a node other than primaryNode, record a tombstone (S10 repair).</summary>
    Task<bool> DeleteAsync(string hierarchy, string? inServiceOn, string primaryNode, EffectKey key, CancellationToken cancellationToken);

    /// <summary>S10: hierarchies deleted while in service on a backup whose users have not been moved back (HierarchyPlacement(Hierarchy, Node, PrimaryNode)).</summary>
    Task<IReadOnlyList<HierarchyPlacement>> DeletedOnBackupAsync(CancellationToken cancellationToken);

    /// <summary>
    /// S10 repair: the users of the hierarchy's tombstone (see <see cref="DeletedOnBackupAsync"/>) not yet homed on its primary
    /// again, by name; empty when it has no tombstone or every one of them is back (or gone).
    /// </summary>
    Task<IReadOnlyList<string>> UsersToMoveBackAsync(string hierarchy, CancellationToken cancellationToken);

    /// <summary>"The world tells": the nodes the world records for the hierarchy, primary first; empty = unknown hierarchy.</summary>
    Task<IReadOnlyList<string>> HierarchyNodesAsync(string hierarchy, CancellationToken cancellationToken);
}
