using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Environment.World;

namespace Orchestrator.Host.Composition;

/// <summary>
/// Seeds the simulated world with a newly applied definition. In environment: agents the world holds only what stays
/// simulated (nodes, the Exchange directory, shares, optional services and their start modes): the hierarchies' volumes,
/// address, DNS records and protected services are real, read from the agents, so no simulated stand-in is seeded that
/// would claim where they run.
/// </summary>
public sealed class SimulatedWorldSeeder(SimulatedWorld world) : IWorldSeeder
{
    public Task<IReadOnlyList<string>> SeedAsync(ClusterDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return world.SeedAsync(definition.Environment == ClusterEnvironment.Agents ? WithoutRealResources(definition) : definition, cancellationToken);
    }

    /// <summary>The definition less what the agents own: each hierarchy keeps its nodes, shares and unprotected optional services.</summary>
    internal static ClusterDefinition WithoutRealResources(ClusterDefinition definition) => definition with
    {
        Hierarchies = [.. definition.Hierarchies.Select(h => h with
        {
            Application = h.Application with { Services = [], OptionalServices = h.Application.UnprotectedOptionalServices() },
            Volumes = [],
            Address = null,
            Dns = [],
        })],
    };
}
