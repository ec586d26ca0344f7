using Orchestrator.Domain.Administration;
using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// Issue 16: what seeding cannot do when `cluster apply` runs a plan — it only adds. In this order: the S11 store renames the
/// plan's extensions need (allowed by --apply-renames), the nodes removed from a kept hierarchy (S12), and the hierarchies
/// deleted (S13, with where each is in service, so the world records a tombstone when that is a backup). Each is an
/// idempotent effect keyed by the definition version (procedure 0 = the cluster apply, as <see cref="OptionalServiceProtection"/>;
/// generation 1, 2, … in this order), so an apply run again changes nothing twice; a node that cannot be reached is named.
/// </summary>
public sealed class WorldRemovals(IHierarchyAdministration world)
{
    public async Task<IReadOnlyList<string>> ApplyAsync(
        ClusterDefinition stored, ClusterDefinition next, ApplyPlan plan, RunningState running, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(running);
        var notes = new List<string>();
        var generation = 0;
        foreach (var planned in plan.Renames)
        {
            await EffectAsync($"renamed {planned.Rename} (hierarchy {planned.Hierarchy}, S11)", $"{planned.Rename} (hierarchy {planned.Hierarchy})", planned.Rename.Node,
                key => world.RenameStoreAsync(planned.Application, planned.Rename, key, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var after in next.Hierarchies)
        {
            if (stored.FindHierarchy(after.Name) is not { } before)
            {
                continue;
            }

            foreach (var removed in before.Priorities.Where(p => !after.Includes(p.Node)).OrderBy(p => p.Priority))
            {
                await EffectAsync($"unextended hierarchy {after.Name} from {removed.Node}", $"unextend hierarchy {after.Name} from {removed.Node}", removed.Node,
                    key => world.UnextendAsync(removed.Node, after.Name, key, cancellationToken)).ConfigureAwait(false);
            }
        }

        foreach (var gone in stored.Hierarchies.Where(h => next.FindHierarchy(h.Name) is null))
        {
            var at = running.NodeOf(gone.Name);
            await EffectAsync($"deleted hierarchy {gone.Name}{(at is null ? "" : $" (in service on {at}; its resources stay as they are)")}", $"delete hierarchy {gone.Name}", gone.PrimaryNode,
                key => world.DeleteAsync(gone.Name, at, gone.PrimaryNode, key, cancellationToken)).ConfigureAwait(false);
        }

        return notes;

        async Task EffectAsync(string done, string what, string node, Func<EffectKey, Task<bool>> effect)
        {
            var key = new EffectKey(0, checked((int)version), ++generation);
            try
            {
                if (await effect(key).ConfigureAwait(false))
                {
                    notes.Add(done);
                }
            }
            catch (EnvironmentException ex)
            {
                notes.Add($"warning: the world did not {what} on {node}: {ex.Message}; the stored definition no longer has it, so `world show` may list it until it is removed there");
            }
        }
    }
}
