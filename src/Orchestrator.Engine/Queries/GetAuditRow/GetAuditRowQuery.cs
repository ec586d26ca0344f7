using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.GetAuditRow;

/// <summary>One journal row by its sequence, with its data and hashes.</summary>
public sealed record GetAuditRowQuery(long Sequence) : IQuery<AuditEntry>;
