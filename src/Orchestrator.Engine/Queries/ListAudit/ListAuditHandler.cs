using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.ListAudit;

public sealed class ListAuditHandler(IAuditJournal journal) : IQueryHandler<ListAuditQuery, IReadOnlyList<AuditEntry>>
{
    public async ValueTask<IReadOnlyList<AuditEntry>> Handle(ListAuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await journal.ListAsync(query.ToFilter(), cancellationToken).ConfigureAwait(false);
    }
}
