using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.GetAuditHead;

/// <summary>Reads the journal's head (one row, through the primary key).</summary>
public sealed class GetAuditHeadHandler(IAuditJournal journal) : IQueryHandler<GetAuditHeadQuery, AuditHead>
{
    public async ValueTask<AuditHead> Handle(GetAuditHeadQuery query, CancellationToken cancellationToken) =>
        await journal.HeadAsync(cancellationToken).ConfigureAwait(false);
}
