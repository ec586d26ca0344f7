namespace Orchestrator.Environment.Ports;

/// <summary>The answer to one <see cref="NodeResourceQuery"/>: the node's resources, or the error that made them unreadable.</summary>
public sealed record NodeResourcesRead(NodeResourceQuery Query, NodeResources? Resources, Exception? Error);
