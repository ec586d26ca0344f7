using Microsoft.Data.Sqlite;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 15, "The audit journal": control characters in --actor and --reason (an ESC sequence clears the screen or sets
/// the terminal's title when the row is printed) are refused at input, exit 2 naming the option, nothing recorded; text
/// already stored with them (an older version, or written straight into the database) prints escaped in `audit
/// list/show/timeline` and `procedures list/show`.
/// </summary>
public sealed class ControlCharacterCliTests
{
    private const string ClearScreen = "\u001b[2J";
    private const string SetTitle = "\u001b]0;owned\u0007";

    public static TheoryData<string[], string> Refused => new()
    {
        { ["--actor", "eve" + ClearScreen, "switchover", "exch1", "--to", "node2"], "--actor" },
        { ["switchover", "exch1", "--to", "node2", "--reason", "maintenance" + SetTitle], "--reason" },
        { ["failover", "exch1", "--reason", "line one\nline two"], "--reason" },
        { ["failback", "exch1", "--reason", "back\u009b2J"], "--reason" },
        { ["--actor", "anna\u202Eevil", "procedures", "ack", "1"], "--actor" },
        { ["audit", "list", "--actor", "x" + ClearScreen], "--actor" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Control_characters_in_actor_or_reason_are_refused_with_exit_2_naming_the_option_and_nothing_is_recorded(string[] command, string option)
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var auditBefore = await dir.AuditCountAsync();

        var refused = (await dir.RunAsync(command)).ShouldExitWith(2);

        Assert.Contains(option, refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("control character", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', refused.StdOut + refused.StdErr);
        Assert.Equal(0, await dir.ProcedureCountAsync());
        Assert.Equal(auditBefore, await dir.AuditCountAsync());
    }

    [Fact]
    public async Task Rows_stored_with_control_characters_print_escaped_in_audit_and_procedures_output()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        long inserted;
        var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "orchestrator.db")};Pooling=false");
        await using (connection)
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes) "
                + "SELECT at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, $actor, $reason, data, prev_hash, hash, nodes "
                + "FROM audit_log WHERE procedure_id = 1 ORDER BY id DESC LIMIT 1; "
                + "INSERT INTO audit_log (at, procedure_id, kind, hierarchy, from_state, to_state, trigger_name, actor, reason, data, prev_hash, hash, nodes) "
                + "SELECT at, NULL, 'note', hierarchy, NULL, NULL, 'Note', $actor, $reason, NULL, prev_hash, hash, nodes "
                + "FROM audit_log WHERE procedure_id = 1 ORDER BY id DESC LIMIT 1; "
                + "UPDATE procedures SET requested_by = $actor, reason = $reason WHERE id = 1; "
                + "SELECT max(id) FROM audit_log;";
            command.Parameters.AddWithValue("$actor", "eve" + ClearScreen);
            command.Parameters.AddWithValue("$reason", "why" + SetTitle + "\u009b31m");
            inserted = (long)(await command.ExecuteScalarAsync())!;
        }

        foreach (var args in new[]
        {
            new[] { "audit", "list" }, ["audit", "show", inserted.ToString(System.Globalization.CultureInfo.InvariantCulture)], ["audit", "show", "#1"],
            ["audit", "timeline", "exch1"], ["procedures", "list"], ["procedures", "show", "1"],
        })
        {
            var printed = (await dir.RunAsync(args)).ShouldExitWith(0);
            var name = string.Join(' ', args);
            Assert.False(printed.StdOut.Any(c => char.IsControl(c) && c is not '\n' and not '\r'), $"`{name}` printed a raw control character:\n{printed.StdOut}");
            Assert.Contains(@"eve\x1b[2J", printed.StdOut, StringComparison.Ordinal);
            if (args[0] == "audit" || args[1] == "show")
            {
                Assert.Contains(@"why\x1b]0;owned\x07\x9b31m", printed.StdOut, StringComparison.Ordinal);
            }
        }
    }
}
