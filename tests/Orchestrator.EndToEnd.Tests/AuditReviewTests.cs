using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Audit review through the real CLI: the journal of a failover and a switchover read back with the filters, the
/// timeline and the exports; a row changed behind the database's back is found by `audit verify`.
/// </summary>
public sealed class AuditReviewTests
{
    private static async Task<TempDataDir> FailedOverAndSwitchedBackAsync()
    {
        var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("--actor", "anna", "failover", "exch1", "--reason", "node1 lost power (ticket 4711)", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("world", "restore-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("--actor", "ben", "switchover", "exch1", "--to", "node1", "--reason", "back after repair", "--wait")).ShouldExitWith(0);
        return dir;
    }

    [Fact]
    public async Task The_journal_tells_who_moved_what_when_and_why_and_its_filters_and_paging_find_it()
    {
        using var dir = await FailedOverAndSwitchedBackAsync();

        var all = await ListAsync(dir, "--hierarchy", "exch1", "--limit", "1000");
        var failover = all.Where(r => r.Kind == "failover").ToList();
        var switchover = all.Where(r => r.Kind == "switchover").ToList();
        Assert.True(failover.Count > 10 && switchover.Count > 10);
        Assert.True(failover.Max(r => r.Seq) < switchover.Min(r => r.Seq), "the failover is told before the switchover");
        Assert.Contains("node1 lost power (ticket 4711)", failover[0].Reason, StringComparison.Ordinal);
        Assert.Contains("fence node1", failover[0].Reason, StringComparison.Ordinal);
        Assert.All(failover, r => Assert.Equal(("anna", "node1 → node2"), (r.Actor, r.Nodes)));
        Assert.All(switchover, r => Assert.Equal(("ben", "node2 → node1"), (r.Actor, r.Nodes)));
        Assert.Equal(all.Select(r => r.Seq).Order().ToList(), all.Select(r => r.Seq).ToList());

        Assert.Equal(switchover.Select(r => r.Seq), (await ListAsync(dir, "--actor", "ben", "--limit", "1000")).Select(r => r.Seq));
        Assert.Equal(failover.Select(r => r.Seq), (await ListAsync(dir, "--kind", "failover", "--limit", "1000")).Select(r => r.Seq));
        var completed = await ListAsync(dir, "--outcome", "completed");
        Assert.Equal(["failover", "switchover"], completed.Select(r => r.Kind).ToList());
        Assert.Empty(await ListAsync(dir, "--since", "2999-01-01T00:00:00Z"));
        Assert.Equal(all.Count, (await ListAsync(dir, "--hierarchy", "exch1", "--since", "1h", "--until", "2999-01-01", "--limit", "1000")).Count);

        // Paging: pages of 5 after a sequence, in order, with nothing skipped.
        var first = await ListAsync(dir, "--hierarchy", "exch1", "--after", "0", "--limit", "5");
        var second = await ListAsync(dir, "--hierarchy", "exch1", "--after", first[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "--limit", "5");
        Assert.Equal(all.Take(10).Select(r => r.Seq), first.Concat(second).Select(r => r.Seq));

        var timeline = Json.Parse<List<TimelineJson>>((await dir.RunAsync("audit", "timeline", "exch1", "--json")).ShouldExitWith(0));
        Assert.Equal(["failover", "switchover"], timeline.Where(t => t.ProcedureId is not null).Select(t => t.Kind).ToList());
        Assert.All(timeline.Where(t => t.ProcedureId is not null), t => Assert.True(t.Outcome == "Completed" && t.DurationSeconds >= 0));

        var one = Json.Parse<AuditRowJson>((await dir.RunAsync("audit", "show", failover[0].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json")).ShouldExitWith(0));
        Assert.Equal(failover[0].Reason, one.Reason);
        var byProcedure = Json.Parse<List<AuditRowJson>>((await dir.RunAsync("audit", "show", $"#{failover[0].ProcedureId}", "--json")).ShouldExitWith(0));
        Assert.Equal(failover.Count, byProcedure.Count);
    }

    [Fact]
    public async Task Exports_stream_every_row_as_csv_json_and_ndjson()
    {
        using var dir = await FailedOverAndSwitchedBackAsync();
        var all = await ListAsync(dir, "--limit", "100000");
        foreach (var format in new[] { "csv", "json", "ndjson" })
        {
            var file = dir.Sibling($"audit.{format}");
            (await dir.RunAsync("audit", "export", "--format", format, "--out", file)).ShouldExitWith(0);
            var text = await File.ReadAllTextAsync(file);
            var rows = format switch
            {
                "csv" => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1,
                "json" => JsonDocument.Parse(text).RootElement.GetArrayLength(),
                _ => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).Count(),
            };
            Assert.Equal(all.Count, rows);
        }

        (await dir.RunAsync("audit", "export", "--format", "xml", "--out", dir.Sibling("a.xml"))).ShouldExitWith(2);
    }

    [Fact]
    public async Task A_row_changed_in_the_file_is_named_by_audit_verify_and_the_database_refuses_update_and_delete()
    {
        using var dir = await FailedOverAndSwitchedBackAsync();
        (await dir.RunAsync("audit", "verify")).ShouldExitWith(0);
        var database = Path.Combine(dir.Path, "orchestrator.db");
        var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await using (connection)
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { "UPDATE audit_log SET reason = 'nothing happened' WHERE id = 12", "DELETE FROM audit_log WHERE id = 12" })
            {
                var refused = await Assert.ThrowsAsync<SqliteException>(() => Execute(connection, sql));
                Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
            }

            // Someone with the file drops the trigger and rewrites history.
            await Execute(connection, "DROP TRIGGER audit_log_no_update");
            await Execute(connection, "UPDATE audit_log SET reason = 'nothing happened' WHERE id = 12");
        }

        var verify = (await dir.RunAsync("audit", "verify")).ShouldExitWith(1);
        Assert.Contains("BROKEN at sequence 12", verify.StdOut, StringComparison.Ordinal);
        Assert.Contains("changed after it was written", verify.StdOut, StringComparison.Ordinal);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<AuditRowJson>> ListAsync(TempDataDir dir, params string[] filters) =>
        Json.Parse<List<AuditRowJson>>((await dir.RunAsync(["audit", "list", "--json", .. filters])).ShouldExitWith(0));

    private sealed record AuditRowJson(long Id, long? ProcedureId, string Kind, string? Hierarchy, string? Nodes, string Actor, string Reason, string TriggerName)
    {
        public long Seq => Id;
    }

    private sealed record TimelineJson(long FirstSequence, long? ProcedureId, string Kind, string Outcome, double? DurationSeconds);
}
