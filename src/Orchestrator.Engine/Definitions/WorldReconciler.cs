using Microsoft.Extensions.Logging;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Errors;
using Orchestrator.Environment.Ports;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// Keeps the environment in step with the stored (active) cluster definition. <see cref="SeedAsync"/> is the one way the world
/// takes a definition: it seeds what the definition declares and the world lacks, sets the unprotected optional services to
/// manual start (S7) and records the version in the world. `cluster apply` calls it after storing the definition; since
/// orchestrator.db and world.db cannot commit together, every start (each command that opens the stores, serve, a runner)
/// calls <see cref="ReconcileAtStartAsync"/>, which does the same when the world records another version than the stored
/// one — e.g. after an apply killed between its two files (issue 15). A running monitor does it once per new version
/// (<see cref="ReconcileAsync"/> with a settle time). What a reconcile added is one audit row (trigger <see cref="Trigger"/>);
/// nothing is written when the world was already complete.
/// </summary>
public sealed class WorldReconciler(
    IClusterDefinitionStore store, IWorldSeeder world, IServiceStartModeControl startModes, IAuditJournal audit, TimeProvider time, ILogger<WorldReconciler> logger)
{
    public const string Trigger = "Reconcile";

    public const string Actor = "orchestrator";

    private long _reconciledVersion = -1;

    /// <summary>The definition version this process last reconciled the world with (null before the first).</summary>
    public long? ReconciledVersion => Interlocked.Read(ref _reconciledVersion) is var v and >= 0 ? v : null;

    /// <summary>
    /// Makes the world hold definition <paramref name="version"/>: seeds what it lacks, sets the optional services' start modes
    /// (idempotent effects keyed by the version), then records the version in the world. Each part is idempotent, so an
    /// interrupted call is completed by the next.
    /// </summary>
    public async Task<WorldSeeding> SeedAsync(ClusterDefinition definition, long version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var added = await world.SeedAsync(definition, cancellationToken).ConfigureAwait(false);
        var notes = await new OptionalServiceProtection(startModes).SetManualStartAsync(definition, version, cancellationToken).ConfigureAwait(false);
        await world.RecordSeededAsync(version, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _reconciledVersion, version);
        return new WorldSeeding(added, notes);
    }

    /// <summary>At a start: reconciles whatever the stored version's age; returns the version the world now holds, or null when no definition is stored.</summary>
    public Task<long?> ReconcileAtStartAsync(CancellationToken cancellationToken) => ReconcileAsync(settle: null, cancellationToken);

    /// <summary>
    /// Seeds what is missing; returns the version reconciled, or null when no definition is stored or the current one
    /// was applied less than <paramref name="settle"/> ago (its own apply may still be seeding the world).
    /// </summary>
    public Task<long?> ReconcileAsync(TimeSpan settle, CancellationToken cancellationToken) => ReconcileAsync((TimeSpan?)settle, cancellationToken);

    private async Task<long?> ReconcileAsync(TimeSpan? settle, CancellationToken cancellationToken)
    {
        if (await store.GetCurrentAsync(cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        if (await world.SeededVersionAsync(cancellationToken).ConfigureAwait(false) == stored.Version)
        {
            Interlocked.Exchange(ref _reconciledVersion, stored.Version);
            return stored.Version;
        }

        if (settle is { } wait && time.GetUtcNow() - stored.AppliedAt < wait)
        {
            return null;
        }

        var parsed = ClusterDefinitionParser.Parse(stored.Yaml);
        var definition = parsed.Definition
            ?? throw new BadInputException($"the stored cluster definition v{stored.Version} no longer parses ({parsed.Errors[0].Message}); re-apply a corrected file with `orchestrator cluster apply FILE`");
        var seeded = await SeedAsync(definition, stored.Version, cancellationToken).ConfigureAwait(false);
        if (seeded.Added.Count > 0)
        {
            var reason = $"the world lacked part of cluster definition {definition.Name} v{stored.Version} (was `cluster apply` interrupted?); seeded {string.Join(", ", seeded.Added)}";
            await audit.AppendAsync(new NewAuditEntry(time.GetUtcNow(), null, "cluster", null, null, null, Trigger, Actor, reason), cancellationToken).ConfigureAwait(false);
            logger.LogWarning("World reconciled with the stored definition: {Reason}", reason);
        }

        foreach (var note in seeded.Notes)
        {
            logger.LogInformation("World reconciled with definition v{Version}: {Note}", stored.Version, note);
        }

        return stored.Version;
    }
}
