using Mediator;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Queries.ExportAudit;

public sealed class ExportAuditHandler(IAuditJournal journal) : IStreamQueryHandler<ExportAuditQuery, AuditEntry>
{
    public IAsyncEnumerable<AuditEntry> Handle(ExportAuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return journal.StreamAsync(query.Filter, cancellationToken);
    }
}
