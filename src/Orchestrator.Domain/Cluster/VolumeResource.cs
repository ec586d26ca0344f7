namespace Orchestrator.Domain.Cluster;

/// <summary>S5: a data volume of the hierarchy (database, transaction logs, SMTP queue).</summary>
public sealed record VolumeResource(string Name, string Role, SourceLocation Location);
