using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Environment.World;

namespace Orchestrator.Host.Composition;

/// <summary>Seeds the simulated world with a newly applied definition.</summary>
public sealed class SimulatedWorldSeeder(SimulatedWorld world) : IWorldSeeder
{
    public Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken) => world.SeedAsync(definition, cancellationToken);
}
