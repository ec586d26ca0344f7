using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.ListAudit;

/// <summary>One page of the journal: by hierarchy and/or procedure, or with the full filter of <see cref="AuditQuery"/>.</summary>
public sealed record ListAuditQuery(string? Hierarchy, long? ProcedureId, int Limit = 1000, AuditQuery? Filter = null) : IQuery<IReadOnlyList<AuditEntry>>
{
    public AuditQuery ToFilter() => Filter ?? new AuditQuery(Hierarchy, ProcedureId, Limit);
}
