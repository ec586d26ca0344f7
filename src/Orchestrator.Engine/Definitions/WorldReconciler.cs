using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Reconciles the environment with the stored (active) cluster definition when a process starts running jobs and the
/// monitor: whatever the definition declares and the world lacks — e.g. after a `cluster apply` killed between storing
/// the definition and seeding the world — is seeded, idempotently, without disturbing what exists. What was added is
/// one audit row (trigger <see cref="Trigger"/>); nothing is written when the world was already complete.
/// </summary>
public sealed class WorldReconciler(IClusterDefinitionStore store, CurrentDefinition definitions, IWorldSeeder world, IAuditJournal audit, TimeProvider time, ILogger<WorldReconciler> logger)
{
    public const string Trigger = "Reconcile";

    public const string Actor = "orchestrator";

    /// <summary>Seeds what is missing; returns what was added (empty with no stored definition or nothing missing).</summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync(CancellationToken cancellationToken)
    {
        if (await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return [];
        }

        var (definition, version) = await definitions.GetAsync(cancellationToken).ConfigureAwait(false);
        var added = await world.SeedAsync(definition, cancellationToken).ConfigureAwait(false);
        if (added.Count == 0)
        {
            return added;
        }

        var reason = $"the world lacked part of cluster definition {definition.Name} v{version} (was `cluster apply` interrupted?); seeded {string.Join(", ", added)}";
        await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, "cluster", null, null, null, Trigger, Actor, reason), cancellationToken).ConfigureAwait(false);
        logger.LogWarning("World reconciled with the stored definition: {Reason}", reason);
        return added;
    }
}
