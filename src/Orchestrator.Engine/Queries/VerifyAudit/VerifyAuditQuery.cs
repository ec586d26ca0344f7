using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.VerifyAudit;

/// <summary>Recompute the hash chain; with <see cref="Head"/> (recorded earlier by <c>audit head</c>), the journal must still hold it.</summary>
public sealed record VerifyAuditQuery(AuditHead? Head = null) : IQuery<AuditVerification>;
