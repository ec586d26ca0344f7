namespace Orchestrator.Storage.Audit;

/// <summary>Reads and checks the append-only journal (rows are appended by the stores' transactions).</summary>
public interface IAuditJournal
{
    Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}
