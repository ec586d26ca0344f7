using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Storage.Tests;

/// <summary>
/// Issue 11: a step commit rewrites fewer b-trees (migration 0010), and every read that needed the dropped indexes is
/// still served by an index.
/// </summary>
public sealed class StepCommitIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private async Task<List<string>> PlanAsync(string sql, object? parameters = null)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<(long, long, long, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(r => r.Detail).ToList();
    }

    [Fact]
    public async Task TheSweepersRead_IsServedByThePartialIndexOfLiveSteps()
    {
        var plan = await PlanAsync(SqliteProcedureStore.DispatchableStepsSql, new { worker = "w", now = "n", stale = "s" });

        Assert.Contains(plan, line => line.Contains("SEARCH s USING INDEX ix_procedure_steps_live", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.StartsWith("SCAN s", StringComparison.Ordinal));
    }

    public static TheoryData<string> HierarchyFilters() =>
    [
        "hierarchy", "hierarchy+after", "hierarchy+kind", "hierarchy+actor", "hierarchy+since", "hierarchy+procedure",
    ];

    [Theory]
    [MemberData(nameof(HierarchyFilters))]
    public async Task EveryHierarchyFilterOfTheAuditJournal_IsServedByAnIndex(string filter)
    {
        var query = new AuditQuery(Hierarchy: "EXCH1", Limit: 50) with
        {
            AfterId = filter.EndsWith("+after", StringComparison.Ordinal) ? 10 : null,
            Kind = filter.EndsWith("+kind", StringComparison.Ordinal) ? "failover" : null,
            Actor = filter.EndsWith("+actor", StringComparison.Ordinal) ? "alice" : null,
            Since = filter.EndsWith("+since", StringComparison.Ordinal) ? T0 : null,
            ProcedureId = filter.EndsWith("+procedure", StringComparison.Ordinal) ? 7 : null,
        };
        var (sql, parameters) = SqliteAuditJournal.ListSql(query);

        var plan = await PlanAsync(sql, parameters);

        var reads = plan.Where(line => line.Contains("audit_log", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, line => Assert.Matches("^SEARCH audit_log USING (COVERING )?INDEX ", line));
        if (filter == "hierarchy")
        {
            Assert.Contains("ix_audit_log_hierarchy_nocase", Assert.Single(reads), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheAuditLog_KeepsOnlyIndexesItsQueriesUse_AndTheSteps_NoIndexOnEveryStatus()
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var audit = (await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL ORDER BY name")).ToList();
        var steps = (await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'procedure_steps' AND sql IS NOT NULL ORDER BY name")).ToList();

        Assert.Equal(["ix_audit_log_actor", "ix_audit_log_at", "ix_audit_log_hierarchy_nocase", "ix_audit_log_kind", "ix_audit_log_procedure"], audit);
        Assert.Equal(["ix_procedure_steps_live"], steps);
    }
}
