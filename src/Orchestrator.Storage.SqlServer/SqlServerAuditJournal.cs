using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Rows;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The audit journal in SQL Server: reads, filters (<see cref="SqlAuditFilterSql"/>) and the chain's check; appends go
/// through <see cref="SqlServerAuditWriter"/> under the head lock. UPDATE and DELETE are refused by triggers (TRUNCATE
/// cannot be caught by a trigger on SQL Server: it needs ALTER on the table, which the product's login should not have).
/// </summary>
public sealed class SqlServerAuditJournal(SqlServerConnectionFactory factory) : IAuditJournal
{
    private const string Columns = "id, at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes";

    /// <summary>Ids per statement in <see cref="ListByProceduresAsync"/> (SQL Server takes at most 2,100 parameters).</summary>
    private const int IdsPerStatement = 1000;

    public async Task AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginAsync(cancellationToken).ConfigureAwait(false);
        await SqlServerAuditWriter.AppendAsync(connection, tx, [entry]).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = SqlAuditFilterSql.Build(query);
        parameters.Add("limit", query.Limit);
        var sql = query.AfterId is null
            ? $"SELECT * FROM (SELECT TOP (@limit) {Columns} FROM audit_log {where} ORDER BY id DESC) page ORDER BY id"
            : $"SELECT TOP (@limit) {Columns} FROM audit_log {where} ORDER BY id";
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.QueryAsync<AuditEntry>(connection, sql, parameters).ConfigureAwait(false);
    }

    public async Task<AuditEntry?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await DbRows.SingleOrDefaultAsync<AuditEntry>(connection, $"SELECT {Columns} FROM audit_log WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    /// <summary>One query whose rows are read from the connection as they are consumed, column by column.</summary>
    public async IAsyncEnumerable<AuditEntry> StreamAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (where, parameters) = SqlAuditFilterSql.Build(query);
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
        At = reader.GetFieldValue<DateTimeOffset>(1).ToUniversalTime(),
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

    /// <summary>One statement per thousand procedures asked about (the ids as a parameter list).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListByProceduresAsync(IReadOnlyCollection<long> procedureIds, string triggerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedureIds);
        if (procedureIds.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<AuditEntry>();
        foreach (var ids in procedureIds.Distinct().Chunk(IdsPerStatement))
        {
            rows.AddRange(await DbRows.QueryAsync<AuditEntry>(
                connection,
                $"SELECT {Columns} FROM audit_log WHERE procedure_id IN @ids AND trigger_name = @triggerName ORDER BY id",
                new { ids, triggerName }).ConfigureAwait(false));
        }

        return rows.OrderBy(r => r.Id).ToList();
    }
}
