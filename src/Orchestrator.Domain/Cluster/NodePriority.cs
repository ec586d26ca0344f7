namespace Orchestrator.Domain.Cluster;

/// <summary>S6: a node's priority for a hierarchy, 1-999, lower is preferred; 1 is the primary.</summary>
public sealed record NodePriority(string Node, int Priority, SourceLocation Location)
{
    public const int Min = 1;
    public const int Max = 999;
}
