using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.ExportAudit;

/// <summary>Every matching journal row in sequence order, streamed (exports of millions of rows).</summary>
public sealed record ExportAuditQuery(AuditQuery Filter) : IStreamQuery<AuditEntry>;
