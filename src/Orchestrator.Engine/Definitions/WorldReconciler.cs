using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Reconciles the environment with the stored (active) cluster definition: whatever the definition declares and the
/// world lacks — e.g. after a `cluster apply` killed between storing the definition and seeding the world — is
/// seeded, idempotently, without disturbing what exists. Runs when a process starts running jobs and the monitor, and
/// from the monitor once per new definition version. What was added is one audit row (trigger <see cref="Trigger"/>);
/// nothing is written when the world was already complete.
/// </summary>
public sealed class WorldReconciler(IClusterDefinitionStore store, IWorldSeeder world, IAuditJournal audit, TimeProvider time, ILogger<WorldReconciler> logger)
{
    public const string Trigger = "Reconcile";

    public const string Actor = "orchestrator";

    private long _reconciledVersion = -1;

    /// <summary>The definition version this process last reconciled the world with (null before the first).</summary>
    public long? ReconciledVersion => Interlocked.Read(ref _reconciledVersion) is var v and >= 0 ? v : null;

    /// <summary>
    /// Seeds what is missing; returns the version reconciled, or null when no definition is stored or the current one
    /// was applied less than <paramref name="settle"/> ago (its own apply may still be seeding the world).
    /// </summary>
    public async Task<long?> ReconcileAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        if (await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false) is not { } stored || time.GetUtcNow() - stored.AppliedAt < settle)
        {
            return null;
        }

        var parsed = ClusterDefinitionParser.Parse(stored.Yaml);
        var definition = parsed.Definition
            ?? throw new BadInputException($"the stored cluster definition v{stored.Version} no longer parses ({parsed.Errors[0].Message}); re-apply a corrected file with `orchestrator cluster apply FILE`");
        var added = await world.SeedAsync(definition, cancellationToken).ConfigureAwait(false);
        if (added.Count > 0)
        {
            var reason = $"the world lacked part of cluster definition {definition.Name} v{stored.Version} (was `cluster apply` interrupted?); seeded {string.Join(", ", added)}";
            await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, "cluster", null, null, null, Trigger, Actor, reason), cancellationToken).ConfigureAwait(false);
            logger.LogWarning("World reconciled with the stored definition: {Reason}", reason);
        }

        Interlocked.Exchange(ref _reconciledVersion, stored.Version);
        return stored.Version;
    }
}
