using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents;

namespace Orchestrator.Host.Composition;

/// <summary>The agents' view of the cluster: the definition now in force (<see cref="CurrentDefinition"/>).</summary>
public sealed class StoredAgentCluster(CurrentDefinition definitions) : IAgentClusterSource
{
    public async Task<ClusterDefinition> GetAsync(CancellationToken cancellationToken) =>
        (await definitions.GetAsync(cancellationToken).ConfigureAwait(false)).Definition;
}
