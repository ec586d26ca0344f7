using Dapper;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.Sqlite;

/// <summary>The audit journal in SQLite; UPDATE and DELETE are refused by triggers.</summary>
public sealed class SqliteAuditJournal(SqliteConnectionFactory factory) : IAuditJournal
{
    public async Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction();
        await SqliteAuditWriter.AppendAsync(connection, transaction, [entry]).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AuditEntry>(
            """
            SELECT * FROM (
              SELECT * FROM audit_log
              WHERE (@Hierarchy IS NULL OR hierarchy = @Hierarchy COLLATE NOCASE)
                AND (@ProcedureId IS NULL OR procedure_id = @ProcedureId)
              ORDER BY id DESC LIMIT @Limit)
            ORDER BY id
            """, query).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var prev = AuditHasher.Genesis;
        long count = 0;
        foreach (var row in await connection.QueryAsync<AuditEntry>("SELECT * FROM audit_log ORDER BY id").ConfigureAwait(false))
        {
            count++;
            if (row.PrevHash != prev || AuditHasher.Hash(row) != row.Hash)
            {
                return new AuditVerification(count, row.Id);
            }

            prev = row.Hash;
        }

        return new AuditVerification(count, null);
    }
}
