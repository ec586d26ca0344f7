using System.Data.Common;
using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.PostgreSql;

/// <summary>
/// The audit journal in PostgreSQL (<see cref="DatabaseAuditJournal"/>): filters by <see cref="PgAuditFilterSql"/>;
/// appends go through <see cref="PostgresAuditWriter"/> (pending until <see cref="PostgresAuditLinker"/> links them into
/// the chain under the head lock), and every read links what is pending first. UPDATE, DELETE and TRUNCATE are refused by
/// triggers. Npgsql does not buffer a result, so a stream reads rows from the socket as they are consumed.
/// </summary>
public sealed class PostgresAuditJournal(PostgresConnectionFactory factory) : DatabaseAuditJournal
{
    protected override int IdsPerStatement => int.MaxValue;

    /// <summary>One statement however many procedures are asked about (the ids as one array parameter).</summary>
    protected override string ByProceduresStatement => $"SELECT {Columns} FROM audit_log WHERE procedure_id = ANY(@ids) AND trigger_name = @triggerName ORDER BY id";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A leader's decision: its epoch still current (issue 13).</summary>
    protected override async Task AppendInTransactionAsync(DbConnection connection, DbTransaction tx, NewAuditEntry entry)
    {
        await PostgresLeaderFence.CheckAsync((NpgsqlConnection)connection, (NpgsqlTransaction)tx).ConfigureAwait(false);
        await PostgresAuditWriter.AppendAsync((NpgsqlConnection)connection, (NpgsqlTransaction)tx, [entry]).ConfigureAwait(false);
    }

    protected override Task BeforeReadAsync(CancellationToken cancellationToken) => factory.AuditLinker.LinkAsync(cancellationToken);

    protected override void Appended() => factory.AuditLinker.Nudge();

    protected override (string Where, DynamicParameters Parameters) Filter(AuditQuery query) => PgAuditFilterSql.Build(query);

    protected override string Page(string where, bool newest) => newest
        ? $"SELECT * FROM (SELECT {Columns} FROM audit_log {where} ORDER BY id DESC LIMIT @limit) page ORDER BY id"
        : $"SELECT {Columns} FROM audit_log {where} ORDER BY id LIMIT @limit";

    protected override DateTimeOffset ReadAt(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}
