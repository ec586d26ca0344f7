using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.VerifyAudit;

public sealed class VerifyAuditHandler(IAuditJournal journal) : IQueryHandler<VerifyAuditQuery, AuditVerification>
{
    public async ValueTask<AuditVerification> Handle(VerifyAuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await journal.VerifyAsync(query.Head, cancellationToken).ConfigureAwait(false);
    }
}
