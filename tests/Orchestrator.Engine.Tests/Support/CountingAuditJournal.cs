using Orchestrator.Storage.Audit;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>
/// A pass-through decorator of the audit journal that counts the reads admission makes of it — the acknowledgements of
/// failovers, by procedure — in the flow <paramref name="watch"/> watches.
/// </summary>
public sealed class CountingAuditJournal(IAuditJournal inner, CountingProbes watch) : IAuditJournal
{
    private int _procedureReads;

    /// <summary>Reads by procedure (one procedure's rows, or the rows of a set of procedures) since the last <see cref="Reset"/>.</summary>
    public int ProcedureReads => Volatile.Read(ref _procedureReads);

    public void Reset() => Interlocked.Exchange(ref _procedureReads, 0);

    public Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken) => inner.AppendAsync(entry, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ProcedureId is not null)
        {
            Count();
        }

        return inner.ListAsync(query, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ListByProceduresAsync(IReadOnlyCollection<long> procedureIds, string triggerName, CancellationToken cancellationToken)
    {
        Count();
        return inner.ListByProceduresAsync(procedureIds, triggerName, cancellationToken);
    }

    public Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, CancellationToken cancellationToken) => inner.StreamAsync(query, cancellationToken);

    public Task<AuditVerification> VerifyAsync(AuditHead? head, CancellationToken cancellationToken) => inner.VerifyAsync(head, cancellationToken);

    public Task<AuditHead> HeadAsync(CancellationToken cancellationToken) => inner.HeadAsync(cancellationToken);

    private void Count()
    {
        if (watch.Watching)
        {
            Interlocked.Increment(ref _procedureReads);
        }
    }
}
