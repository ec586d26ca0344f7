using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Rules;
using Orchestrator.Environment.Agents;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;

namespace Orchestrator.Host.Composition;

/// <summary>
/// S10–S13: hierarchy administration from the environment the definition names (<see cref="EnvironmentSelector"/>): the
/// simulated world, or the nodes' agents (which do not administer hierarchies yet: unknown reads, refused changes).
/// </summary>
public sealed class SelectedHierarchyAdministration(EnvironmentSelector selector, SimulatedWorld world, AgentEnvironment agents) : IHierarchyAdministration
{
    public async Task<StoreNames?> ReadStoreNamesAsync(string node, string application, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).ReadStoreNamesAsync(node, application, cancellationToken).ConfigureAwait(false);

    public async Task<bool> RenameStoreAsync(string application, StoreRename rename, EffectKey key, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).RenameStoreAsync(application, rename, key, cancellationToken).ConfigureAwait(false);

    public async Task<ExchangeDataReading?> ReadExchangeDataAsync(string node, string application, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).ReadExchangeDataAsync(node, application, cancellationToken).ConfigureAwait(false);

    public async Task<bool> CreateAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).CreateAsync(node, hierarchy, key, cancellationToken).ConfigureAwait(false);

    public async Task<bool> ExtendAsync(string node, HierarchyDefinition hierarchy, EffectKey key, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).ExtendAsync(node, hierarchy, key, cancellationToken).ConfigureAwait(false);

    public async Task<bool> UnextendAsync(string node, string hierarchy, EffectKey key, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).UnextendAsync(node, hierarchy, key, cancellationToken).ConfigureAwait(false);

    public async Task<bool> DeleteAsync(string hierarchy, string? inServiceOn, string primaryNode, EffectKey key, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).DeleteAsync(hierarchy, inServiceOn, primaryNode, key, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<HierarchyPlacement>> DeletedOnBackupAsync(CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).DeletedOnBackupAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> UsersToMoveBackAsync(string hierarchy, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).UsersToMoveBackAsync(hierarchy, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> HierarchyNodesAsync(string hierarchy, CancellationToken cancellationToken) =>
        await (await Port(cancellationToken).ConfigureAwait(false)).HierarchyNodesAsync(hierarchy, cancellationToken).ConfigureAwait(false);

    private async Task<IHierarchyAdministration> Port(CancellationToken cancellationToken) =>
        await selector.CurrentAsync(cancellationToken).ConfigureAwait(false) == ClusterEnvironment.Agents ? agents : world;
}
