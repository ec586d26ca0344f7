using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>Makes the environment know a newly applied definition (the simulated world seeds itself; real systems need nothing).</summary>
public interface IWorldSeeder
{
    /// <summary>Adds what the definition declares and the environment lacks, disturbing nothing that exists; returns what was added, in words.</summary>
    Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken);
}
