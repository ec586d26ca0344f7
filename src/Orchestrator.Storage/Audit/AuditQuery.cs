namespace Orchestrator.Storage.Audit;

/// <summary>Filters for reading the journal.</summary>
public sealed record AuditQuery(string? Hierarchy = null, long? ProcedureId = null, int Limit = 1000);
