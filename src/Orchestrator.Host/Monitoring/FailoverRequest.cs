using Orchestrator.Domain.Cluster;

namespace Orchestrator.Host.Monitoring;

/// <summary>A failover the monitor decided on in a round: the hierarchy, the node it failed on, and the evidence.</summary>
internal sealed record FailoverRequest(HierarchyDefinition Hierarchy, string Failed, string Evidence);
