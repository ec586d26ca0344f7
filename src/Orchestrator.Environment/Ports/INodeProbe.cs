namespace Orchestrator.Environment.Ports;

/// <summary>Answers whether a node is up and whether a communication path between two nodes carries traffic.</summary>
public interface INodeProbe
{
    Task<bool> IsUpAsync(string node, CancellationToken cancellationToken);
}
