using Orchestrator.Domain.Cluster;

namespace Orchestrator.Engine.Commands.ApplyCluster;

/// <summary>Makes the environment know a newly applied definition (the simulated world seeds itself; real systems need nothing).</summary>
public interface IWorldSeeder
{
    Task SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken);
}
