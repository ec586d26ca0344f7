using System.Runtime.CompilerServices;
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
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = AuditFilterSql.Build(query);
        parameters.Add("limit", query.Limit);
        var sql = query.AfterId is null
            ? $"SELECT * FROM (SELECT * FROM audit_log {where} ORDER BY id DESC LIMIT @limit) ORDER BY id"
            : $"SELECT * FROM audit_log {where} ORDER BY id LIMIT @limit";
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync<AuditEntry>(sql, parameters).ConfigureAwait(false)).AsList();
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<AuditEntry>("SELECT * FROM audit_log WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = AuditFilterSql.Build(query);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var row in connection.QueryUnbufferedAsync<AuditEntry>($"SELECT * FROM audit_log {where} ORDER BY id", parameters)
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var prev = AuditHasher.Genesis;
        long? prevId = null;
        long count = 0;
        await foreach (var row in StreamAsync(new AuditQuery(), cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (row.PrevHash != prev)
            {
                return new AuditVerification(count, row.Id,
                    $"row {row.Id} links to {row.PrevHash[..12]}… but the row before it ({(prevId is { } p ? $"#{p}" : "the start of the chain")}) hashes to {prev[..12]}… — a row was removed, inserted or changed");
            }

            var recomputed = AuditHasher.Hash(row);
            if (recomputed != row.Hash)
            {
                return new AuditVerification(count, row.Id,
                    $"row {row.Id} ({row.At:u}, {row.Kind}, {row.TriggerName}) was changed after it was written: its stored hash is {row.Hash[..12]}… but its content hashes to {recomputed[..12]}…");
            }

            prev = row.Hash;
            prevId = row.Id;
        }

        return new AuditVerification(count, null);
    }
}
