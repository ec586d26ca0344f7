using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 15, the audit journal: `audit head` prints the head to keep elsewhere, and `audit verify --head SEQ:HASH` finds
/// the journal's last row deleted (which the chain alone cannot); a renumbered row, a short prev_hash or an unparsable
/// time is reported by plain `audit verify` as one line, exit 1, never a stack trace.
/// </summary>
public sealed class AuditHeadTests
{
    private static async Task<TempDataDir> SwitchedOverAsync()
    {
        var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("--actor", "ben", "switchover", "exch1", "--to", "node2", "--reason", "patching", "--wait")).ShouldExitWith(0);
        return dir;
    }

    private static async Task TamperAsync(TempDataDir dir, string sql)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "orchestrator.db")};Pooling=false");
        await using (connection)
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string OneLine(ProcessResult result)
    {
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"one line expected; {result}");
        Assert.DoesNotContain(" at Orchestrator.", result.StdOut + result.StdErr, StringComparison.Ordinal);
        return lines[0];
    }

    [Fact]
    public async Task Audit_verify_with_the_head_printed_before_finds_the_last_row_deleted_which_plain_verify_cannot()
    {
        using var dir = await SwitchedOverAsync();
        var head = OneLine((await dir.RunAsync("audit", "head")).ShouldExitWith(0));
        var json = Json.Parse<JsonElement>((await dir.RunAsync("audit", "head", "--json")).ShouldExitWith(0));
        var sequence = json.GetProperty("sequence").GetInt64();
        Assert.Equal($"{sequence}:{json.GetProperty("hash").GetString()}", head);
        Assert.Equal(await dir.AuditCountAsync(), sequence);
        (await dir.RunAsync("audit", "verify", "--head", head)).ShouldExitWith(0);

        await TamperAsync(dir, $"DELETE FROM audit_log WHERE id = {sequence.ToString(CultureInfo.InvariantCulture)}");

        (await dir.RunAsync("audit", "verify")).ShouldExitWith(0); // the chain that is left holds
        var truncated = OneLine((await dir.RunAsync("audit", "verify", "--head", head)).ShouldExitWith(1));
        Assert.Contains($"BROKEN at sequence {sequence}", truncated, StringComparison.Ordinal);
        Assert.Contains("is not in the journal", truncated, StringComparison.Ordinal);
        Assert.Contains("rows were removed from its end", truncated, StringComparison.Ordinal);
        Assert.Equal($"{sequence - 1}:", OneLine((await dir.RunAsync("audit", "head")).ShouldExitWith(0))[..($"{sequence - 1}:".Length)]);
    }

    [Fact]
    public async Task Serve_writes_the_head_to_its_log_at_start_and_a_journal_truncated_since_disagrees_with_it()
    {
        using var dir = await SwitchedOverAsync();
        using (var serve = dir.Start("serve", "--no-dashboard"))
        {
            Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar}");
            (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
        }

        const string Marker = "Audit journal head ";
        var logged = Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log").SelectMany(File.ReadAllLines)
            .Where(l => l.Contains(Marker, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Split(' ')[0]).ToList();
        var head = Assert.Single(logged);
        (await dir.RunAsync("audit", "verify", "--head", head)).ShouldExitWith(0);

        var sequence = long.Parse(head[..head.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        await TamperAsync(dir, $"DELETE FROM audit_log WHERE id >= {sequence.ToString(CultureInfo.InvariantCulture)}");
        Assert.Contains("is not in the journal", OneLine((await dir.RunAsync("audit", "verify", "--head", head)).ShouldExitWith(1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("twelve:abc")]
    [InlineData("12:abc")]
    [InlineData("12:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public async Task A_malformed_head_is_bad_input(string head)
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var refused = (await dir.RunAsync("audit", "verify", "--head", head)).ShouldExitWith(2);
        Assert.Contains("--head", Assert.Single(refused.MessageLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renumbered_row_a_short_prev_hash_and_an_unparsable_time_are_each_one_line_naming_the_row_exit_1()
    {
        using var dir = await SwitchedOverAsync();
        var last = Json.Parse<JsonElement>((await dir.RunAsync("audit", "head", "--json")).ShouldExitWith(0)).GetProperty("sequence").GetInt64();

        await TamperAsync(dir, $"UPDATE audit_log SET id = {last + 5} WHERE id = {last}");
        var renumbered = OneLine((await dir.RunAsync("audit", "verify")).ShouldExitWith(1));
        Assert.Contains($"BROKEN at sequence {last + 5}", renumbered, StringComparison.Ordinal);
        Assert.Contains("renumbered", renumbered, StringComparison.Ordinal);

        await TamperAsync(dir, "UPDATE audit_log SET at = '30 February, teatime' WHERE id = 3");
        var time = OneLine((await dir.RunAsync("audit", "verify")).ShouldExitWith(1));
        Assert.Contains("BROKEN at sequence 3", time, StringComparison.Ordinal);
        Assert.Contains("row 3 is broken: its time '30 February, teatime' is not an instant", time, StringComparison.Ordinal);

        await TamperAsync(dir, "UPDATE audit_log SET prev_hash = '00ff' WHERE id = 2");
        var prev = OneLine((await dir.RunAsync("audit", "verify")).ShouldExitWith(1));
        Assert.Contains("row 2 is broken: its prev_hash '00ff' is not a SHA-256", prev, StringComparison.Ordinal);
    }
}
