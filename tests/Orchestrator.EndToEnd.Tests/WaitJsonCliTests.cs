using System.Globalization;
using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// `--wait --json` on every command that takes both: stdout is exactly one JSON document (what a script pipes to `jq`)
/// that says the procedure's end state; the progress lines go to stderr; the exit code is the one without --json.
/// </summary>
public sealed class WaitJsonCliTests
{
    /// <summary>Stdout parses as one JSON value (System.Text.Json refuses a line before it or a second document after it).</summary>
    private static JsonElement OneJsonDocument(ProcessResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.StdOut);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            Assert.Fail($"stdout should be exactly one JSON document ({e.Message}); {result}");
            throw;
        }
    }

    private static JsonElement EndedAs(ProcessResult result, int exitCode, long id, string state)
    {
        result.ShouldExitWith(exitCode);
        var json = OneJsonDocument(result);
        Assert.Equal(id, json.GetProperty("id").GetInt64());
        Assert.Equal(state, json.GetProperty("state").GetString());
        return json;
    }

    private static void ProgressOnStderr(ProcessResult result, long id) =>
        Assert.True(result.ErrorLines.Any(l => l.StartsWith($"#{id.ToString(CultureInfo.InvariantCulture)} step ", StringComparison.Ordinal)),
            $"the progress lines should be on stderr; {result}");

    [Fact]
    public async Task Switchover_retry_and_failback_print_one_json_document_with_the_end_state_and_keep_their_exit_codes()
    {
        using var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_RETRY_BASE_MS"] = "50";
        dir.Environment["ORCHESTRATOR_MAX_ATTEMPTS"] = "2";
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-service", "node2", "MSExchangeIS")).ShouldExitWith(0);

        var stuck = await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait", "--json");
        EndedAs(stuck, 1, 1, "WaitingForOperator");
        ProgressOnStderr(stuck, 1);

        (await dir.RunAsync("world", "clear-service", "node2", "MSExchangeIS")).ShouldExitWith(0);
        EndedAs(await dir.RunAsync("procedures", "retry", "1", "--wait", "--json"), 0, 1, "Completed");

        var failback = await dir.RunAsync("failback", "exch1", "--wait", "--json");
        Assert.Equal("node1", EndedAs(failback, 0, 2, "Completed").GetProperty("targetNode").GetString());
        ProgressOnStderr(failback, 2);
    }

    [Fact]
    public async Task Failover_users_move_and_procedures_wait_print_one_json_document_with_the_end_state_and_keep_their_exit_codes()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "add-user", "bob", "--domain", "example.com", "--home", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-user-move", "bob")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);

        var failover = await dir.RunAsync("failover", "exch1", "--wait", "--json");
        var warned = EndedAs(failover, 1, 1, "CompletedWithWarnings"); // exit 1 as without --json: bob did not move
        Assert.Contains(warned.GetProperty("shortfalls").EnumerateArray(), s => s.GetString()!.Contains("bob", StringComparison.Ordinal));
        ProgressOnStderr(failover, 1);

        (await dir.RunAsync("world", "clear-faults")).ShouldExitWith(0);
        var move = (await dir.RunAsync("users", "move", "--user", "bob", "--wait", "--json")).ShouldExitWith(0);
        var moved = Assert.Single(OneJsonDocument(move).EnumerateArray()); // one document for all the procedures the move started
        Assert.Equal((2L, "Completed"), (moved.GetProperty("id").GetInt64(), moved.GetProperty("state").GetString()));

        EndedAs(await dir.RunAsync("procedures", "wait", "1", "--json"), 1, 1, "CompletedWithWarnings");
    }

    [Fact]
    public async Task Update_start_and_status_with_wait_and_json_print_one_json_document_with_the_end_state()
    {
        using var dir = new TempDataDir();
        await dir.PrepareAsync();

        var update = await dir.RunAsync("update", "start", "exch1", "--package", UpdateScenario.Package, "--wait", "--json");
        EndedAs(update, 0, 1, "Completed");
        ProgressOnStderr(update, 1);

        var status = (await dir.RunAsync("update", "status", "exch1", "--wait", "--json")).ShouldExitWith(0);
        Assert.Equal("Completed", OneJsonDocument(status).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Replicas_status_with_wait_and_json_prints_one_json_document_with_the_end_state()
    {
        using var dir = new TempDataDir();
        var yaml = dir.Sibling("two-node-replicas.yaml");
        await File.WriteAllTextAsync(yaml, File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n").Replace(
            "  update-replica-list: false", "  update-replica-list: true\n  replica-batch-size: 100\n  replica-parallelism: 2", StringComparison.Ordinal));
        await dir.ApplyAsync(yaml);
        (await dir.RunAsync("world", "seed-folders", "--count", "1000", "--server", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "latency", "PublicFolderWrite", "0.5")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(0);

        var waited = (await dir.RunAsync("replicas", "status", "exch1", "--wait", "--json")).ShouldExitWith(0);

        var json = OneJsonDocument(waited);
        Assert.Equal(("Completed", 1000), (json.GetProperty("state").GetString(), json.GetProperty("done").GetInt32()));
        Assert.Contains(waited.ErrorLines, l => l.Contains("Completed: 1000/1000 done", StringComparison.Ordinal));
    }
}
