namespace Orchestrator.Domain.Cluster;

/// <summary>
/// Issue 14: where a cluster's resources live. <see cref="Simulated"/> (the default): the simulated world.
/// <see cref="Agents"/>: real nodes, each acted on through its agent (addresses, volumes, services, DNS, scripts, fencing);
/// the Exchange directory work stays on the simulated world.
/// </summary>
public enum ClusterEnvironment
{
    Simulated,
    Agents,
}
