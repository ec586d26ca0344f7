using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.ListAudit;

public sealed record ListAuditQuery(string? Hierarchy, long? ProcedureId, int Limit = 1000) : IQuery<IReadOnlyList<AuditEntry>>;
