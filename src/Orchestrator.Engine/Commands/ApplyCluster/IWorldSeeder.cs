using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>
/// Makes the environment know a newly applied definition (the simulated world seeds itself; real systems need nothing), and
/// keeps, in the world, the definition version it was last seeded from (issue 15): a world behind the stored definition (an
/// apply killed between its two files) is reconciled by the next start (<see cref="Definitions.WorldReconciler"/>).
/// </summary>
public interface IWorldSeeder
{
    /// <summary>Adds what the definition declares and the environment lacks, disturbing nothing that exists; returns what was added, in words.</summary>
    Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken);

    /// <summary>The definition version the world records it was seeded from; null when it records none (a new or an older world).</summary>
    Task<long?> SeededVersionAsync(CancellationToken cancellationToken);

    /// <summary>Records, in the world, that it holds everything definition <paramref name="version"/> declares.</summary>
    Task RecordSeededAsync(long version, CancellationToken cancellationToken);

    /// <summary>
    /// Refuses (a <see cref="Orchestrator.Storage.StorageException"/> naming the world's file, exit 2) a world that is damaged, before an apply
    /// changes anything: a full check, meant for the commands that are about to change the world, not for every start.
    /// </summary>
    Task EnsureIntactAsync(CancellationToken cancellationToken);
}
