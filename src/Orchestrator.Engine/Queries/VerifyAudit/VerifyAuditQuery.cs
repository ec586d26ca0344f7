using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.VerifyAudit;

public sealed record VerifyAuditQuery : IQuery<AuditVerification>;
