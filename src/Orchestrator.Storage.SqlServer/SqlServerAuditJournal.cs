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
    protected override string Page(string where, bool newest) => newest
        ? $"SELECT * FROM (SELECT TOP (@limit) {Columns} FROM audit_log {where} ORDER BY id DESC) page ORDER BY id"
        : $"SELECT TOP (@limit) {Columns} FROM audit_log {where} ORDER BY id";

    protected override string HeadStatement => "SELECT TOP (1) id, hash FROM audit_log ORDER BY id DESC";

    /// <summary>SQL Server takes at most 2,100 parameters: a thousand ids (a parameter list) per statement.</summary>
    protected override int IdsPerStatement => 1000;

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The writer checks the leader's fence itself (a leader's decision: its epoch still current).</summary>
    protected override Task AppendInTransactionAsync(DbConnection connection, DbTransaction tx, NewAuditEntry entry) =>
        SqlServerAuditWriter.AppendAsync((SqlConnection)connection, (SqlTransaction)tx, [entry]);

    protected override (string Where, DynamicParameters Parameters) Filter(AuditQuery query) => SqlAuditFilterSql.Build(query);

    protected override DateTimeOffset ReadAt(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();
}
