namespace Orchestrator.Environment.Ports;

/// <summary>S1: whether a communication path between two nodes carries traffic (both ends up, the link up).</summary>
public interface IPathProbe
{
    Task<bool> IsPathUpAsync(string nodeA, string nodeB, CancellationToken cancellationToken);
}
