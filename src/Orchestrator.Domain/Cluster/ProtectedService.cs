namespace Orchestrator.Domain.Cluster;

/// <summary>S7/S8: a protected service (service name, not display name) and its MAXWAIT override.</summary>
public sealed record ProtectedService(string Name, int? MaxWaitSeconds, SourceLocation Location);
