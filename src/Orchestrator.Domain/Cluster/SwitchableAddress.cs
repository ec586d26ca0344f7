namespace Orchestrator.Domain.Cluster;

/// <summary>S21: the switchable IP address clients use on the same subnet.</summary>
public sealed record SwitchableAddress(string Address, SourceLocation Location);
