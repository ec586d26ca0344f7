using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// `--json` on the commands that start a procedure (failover, failback, update start) prints JSON only, as
/// `switchover --json` does: the started procedure without `--wait`, no plain line before or after it.
/// </summary>
public sealed class StartedJsonCliTests
{
    [Fact]
    public async Task Failover_and_failback_with_json_and_without_wait_print_the_started_procedure_as_one_json_document()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);

        var failover = (await dir.RunAsync("failover", "exch1", "--json")).ShouldExitWith(0);
        using (var started = JsonDocument.Parse(failover.StdOut))
        {
            Assert.Equal(1, started.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("node2", started.RootElement.GetProperty("targetNode").GetString());
        }

        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "restore-node", "node1")).ShouldExitWith(0);
        var failback = (await dir.RunAsync("failback", "exch1", "--json")).ShouldExitWith(0);
        using (var started = JsonDocument.Parse(failback.StdOut)) // one document: no "procedure #2: failback of ..." line before it
        {
            Assert.Equal(2, started.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("failback", started.RootElement.GetProperty("kind").GetString());
        }

        (await dir.RunAsync("procedures", "wait", "2")).ShouldExitWith(0);
    }
}
