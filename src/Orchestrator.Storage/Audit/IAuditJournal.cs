namespace Orchestrator.Storage.Audit;

/// <summary>Reads and checks the append-only journal (rows are appended by the stores' transactions).</summary>
public interface IAuditJournal
{
    Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken);

    /// <summary>One page of matching rows, oldest first (see <see cref="AuditQuery"/> for the paging).</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The row with this sequence, or null.</summary>
    Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every matching row in sequence order, read as it is consumed (for exports of millions of rows); the query's limit is ignored.</summary>
    IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Recomputes the hash chain (<see cref="AuditChain"/>); with <paramref name="head"/>, the journal must also still hold that row with that hash.</summary>
    Task<AuditVerification> VerifyAsync(AuditHead? head, CancellationToken cancellationToken);

    /// <summary>Recomputes the hash chain.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => VerifyAsync(null, cancellationToken);

    /// <summary>The sequence and hash of the last row (<see cref="AuditHead.Empty"/> when there is none).</summary>
    Task<AuditHead> HeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The rows with trigger <paramref name="triggerName"/> of any of <paramref name="procedureIds"/>, in sequence order:
    /// one set-based read (through <c>ix_audit_log_procedure</c>) however many procedures are asked about.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> ListByProceduresAsync(IReadOnlyCollection<long> procedureIds, string triggerName, CancellationToken cancellationToken);
}
