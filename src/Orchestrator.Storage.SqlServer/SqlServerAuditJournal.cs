using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Orchestrator.Storage.Audit;

namespace Orchestrator.Storage.SqlServer;

/// <summary>
/// The audit journal in SQL Server (<see cref="DatabaseAuditJournal"/>): filters by <see cref="SqlAuditFilterSql"/>;
/// appends go through <see cref="SqlServerAuditWriter"/> under the head lock. UPDATE and DELETE are refused by triggers
/// (TRUNCATE cannot be caught by a trigger on SQL Server: it needs ALTER on the table, which the product's login should
/// not have).
/// </summary>
public sealed class SqlServerAuditJournal(SqlServerConnectionFactory factory) : DatabaseAuditJournal
{
    /// <summary>SQL Server takes at most 2,100 parameters: a thousand ids (a parameter list) per statement.</summary>
    protected override int IdsPerStatement => 1000;

    protected override string ByProceduresStatement => $"SELECT {Columns} FROM audit_log WHERE procedure_id IN @ids AND trigger_name = @triggerName ORDER BY id";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task AppendInTransactionAsync(DbConnection connection, DbTransaction tx, NewAuditEntry entry) =>
        SqlServerAuditWriter.AppendAsync((SqlConnection)connection, (SqlTransaction)tx, [entry]);

    protected override (string Where, DynamicParameters Parameters) Filter(AuditQuery query) => SqlAuditFilterSql.Build(query);

    protected override string Page(string where, bool newest) => newest
        ? $"SELECT * FROM (SELECT TOP (@limit) {Columns} FROM audit_log {where} ORDER BY id DESC) page ORDER BY id"
        : $"SELECT TOP (@limit) {Columns} FROM audit_log {where} ORDER BY id";

    protected override DateTimeOffset ReadAt(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();
}
