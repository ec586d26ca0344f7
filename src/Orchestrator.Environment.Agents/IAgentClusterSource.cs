using Orchestrator.Domain.Cluster;

namespace Orchestrator.Environment.Agents;

/// <summary>The cluster definition now in force: the agents' addresses and token files, and the resources behind each name.</summary>
public interface IAgentClusterSource
{
    Task<ClusterDefinition> GetAsync(CancellationToken cancellationToken);
}
