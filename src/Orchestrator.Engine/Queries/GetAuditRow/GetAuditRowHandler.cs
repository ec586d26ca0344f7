using Mediator;
using Orchestrator.Engine.Errors;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.GetAuditRow;

public sealed class GetAuditRowHandler(IAuditJournal journal) : IQueryHandler<GetAuditRowQuery, AuditEntry>
{
    public async ValueTask<AuditEntry> Handle(GetAuditRowQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await journal.GetAsync(query.Sequence, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"no audit row #{query.Sequence}; list them with `orchestrator audit list`");
    }
}
