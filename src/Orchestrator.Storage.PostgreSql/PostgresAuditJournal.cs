using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The audit journal in PostgreSQL: reads, filters (<see cref="PgAuditFilterSql"/>) and the chain's check; appends go
/// through <see cref="PostgresAuditWriter"/> under the head lock. UPDATE, DELETE and TRUNCATE are refused by triggers.
/// </summary>
public sealed class PostgresAuditJournal(PostgresConnectionFactory factory) : IAuditJournal
{
    private const string Columns = "id, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes";

    public async Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresLeaderFence.CheckAsync(connection, tx).ConfigureAwait(false); // a leader's decision: its epoch still current (issue 13)
        await PostgresAuditWriter.AppendAsync(connection, tx, [entry]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = PgAuditFilterSql.Build(query);
        parameters.Add("limit", query.Limit);
        var sql = query.AfterId is null
            ? $"SELECT * FROM (SELECT {Columns} FROM audit_log {where} ORDER BY id DESC LIMIT @limit) page ORDER BY id"
            : $"SELECT {Columns} FROM audit_log {where} ORDER BY id LIMIT @limit";
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<AuditEntry>(connection, sql, parameters).ConfigureAwait(false);
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<AuditEntry>(connection, $"SELECT {Columns} FROM audit_log WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    /// <summary>One query whose rows are read from the socket as they are consumed (Npgsql does not buffer the result), column by column.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = PgAuditFilterSql.Build(query);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = new CommandDefinition($"SELECT {Columns} FROM audit_log {where} ORDER BY id", parameters, cancellationToken: cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(command).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    private static AuditEntry Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        At = reader.GetFieldValue<DateTimeOffset>(1),
        ProcedureId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
        Kind = reader.GetString(3),
        Hierarchy = reader.IsDBNull(4) ? null : reader.GetString(4),
        FromState = reader.IsDBNull(5) ? null : reader.GetString(5),
        ToState = reader.IsDBNull(6) ? null : reader.GetString(6),
        TriggerName = reader.GetString(7),
        Actor = reader.GetString(8),
        Reason = reader.GetString(9),
        Data = reader.IsDBNull(10) ? null : reader.GetString(10),
        PrevHash = reader.GetString(11),
        Hash = reader.GetString(12),
        Nodes = reader.IsDBNull(13) ? null : reader.GetString(13),
    };

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        AuditChain.VerifyAsync(StreamAsync(new AuditQuery(), cancellationToken), cancellationToken);

    /// <summary>One statement however many procedures are asked about (the ids as one array parameter).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListByProceduresAsync(IReadOnlyCollection<long> procedureIds, string triggerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedureIds);
        if (procedureIds.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<AuditEntry>(
            connection,
            $"SELECT {Columns} FROM audit_log WHERE procedure_id = ANY(@ids) AND trigger_name = @triggerName ORDER BY id",
            new { ids = procedureIds.Distinct().ToArray(), triggerName }).ConfigureAwait(false);
    }
}
