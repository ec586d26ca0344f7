namespace Orchestrator.Storage.Audit;

/// <summary>The result of recomputing the hash chain; <see cref="FirstBrokenId"/> is null when it holds.</summary>
public sealed record AuditVerification(long RowsChecked, long? FirstBrokenId);
