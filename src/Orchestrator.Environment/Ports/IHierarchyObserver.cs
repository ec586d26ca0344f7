namespace Orchestrator.Environment.Ports;

/// <summary>Reads where a hierarchy's resources are, to report them and to check the safety invariant.</summary>
public interface IHierarchyObserver
{
    /// <summary>The nodes where every volume of the hierarchy is mounted and every service runs.</summary>
    Task<IReadOnlyList<string>> InServiceNodesAsync(string hierarchy, CancellationToken cancellationToken);

    /// <summary>One line per resource of the hierarchy, e.g. "volume E: mounted on node2".</summary>
    Task<IReadOnlyList<string>> DescribeResourcesAsync(string hierarchy, CancellationToken cancellationToken);
}
