using Orchestrator.Domain.Cluster;
using Orchestrator.Domain.Validation;

namespace Orchestrator.Environment.Ports;

/// <summary>
/// A check of a parsed cluster definition that needs the world beyond the file (issue 14: an agents cluster's real
/// resources against their agents' meta-data on this host): its errors refuse the definition, its warnings are kept.
/// </summary>
public interface IDefinitionResourceCheck
{
    /// <summary>The errors and warnings of <paramref name="cluster"/>'s resources; empty when there is nothing to check.</summary>
    Task<IReadOnlyList<ValidationError>> CheckAsync(ClusterDefinition cluster, CancellationToken cancellationToken);
}
