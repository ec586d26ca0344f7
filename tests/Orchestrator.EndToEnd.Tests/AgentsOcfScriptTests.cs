using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Agents;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 14, "An OCF script protected as a resource", through the real path without network namespaces: a real
/// <c>serve</c> (SQLite) and two real agents on loopback; every resource of exch1 is a test-written OCF script
/// (<see cref="OcfScriptCluster"/>). Its start/stop/monitor are called in order with their parameters, a switchover's
/// stops on node1 come in reverse order before the starts on node2, each effect is applied once per agent ledger, and a
/// monitor exit 7 gets local recovery on the same node first (S18); a local recovery that fails leads to a failover.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgentsOcfScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan InService = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_scripts_start_in_order_with_their_parameters_then_a_switchover_stops_them_in_reverse_on_node1_before_starting_them_on_node2()
    {
        await using var cluster = await OcfScriptCluster.StartAsync();

        var calls = await cluster.InServiceOnAsync("node1", InService);

        var starts = calls.Where(c => c.Verb == "start").ToList();
        Assert.Equal(OcfScriptCluster.StartOrder.Select(r => $"start node1 {r.Resource}"), starts.Select(c => c.What));
        Assert.All(starts, c => Assert.Equal(0, c.Exit));
        foreach (var (resource, parameters) in OcfScriptCluster.StartOrder)
        {
            Assert.Equal(parameters.OrderBy(p => p.Key), calls.First(c => c.Resource == resource && c.Verb == "start").Parameters.OrderBy(p => p.Key));
        }

        var before = calls.Count;
        var switchover = await cluster.Dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait", "--json");
        switchover.ShouldExitWith(0);
        var moved = (await cluster.InServiceOnAsync("node2", InService)).Skip(before).ToList();

        var stopsAndStarts = moved.Where(c => c.Verb is "start" or "stop").Select(c => c.What).ToList();
        Assert.Equal(
            [
                .. OcfScriptCluster.StartOrder.Reverse().Select(r => $"stop node1 {r.Resource}"),
                .. OcfScriptCluster.StartOrder.Select(r => $"start node2 {r.Resource}"),
            ],
            stopsAndStarts);
        Assert.All(moved.Where(c => c.Verb is "start" or "stop"), c => Assert.Equal(0, c.Exit));
        foreach (var (resource, parameters) in OcfScriptCluster.StartOrder)
        {
            Assert.Equal(parameters.OrderBy(p => p.Key), moved.First(c => c.Resource == resource && c.Verb == "stop").Parameters.OrderBy(p => p.Key));
            Assert.Equal(parameters.OrderBy(p => p.Key), moved.First(c => c.Resource == resource && c.Verb == "start").Parameters.OrderBy(p => p.Key));
        }

        var procedure = Json.Parse<ProcedureJson>(switchover);
        var node1 = await cluster.Node1.LedgerAsync();
        var node2 = await cluster.Node2.LedgerAsync();
        Assert.All(node1.Concat(node2), e => Assert.Equal((1, 0, 0), (e.Applied, e.Replays, e.Refusals)));
        Assert.Equal(
            OcfScriptCluster.StartOrder.Select(r => $"stop {r.Resource}").Order(StringComparer.Ordinal),
            node1.Where(e => e.EffectKey.StartsWith($"{procedure.Id}:", StringComparison.Ordinal)).Select(e => $"{e.Verb} {e.Resource}").Order(StringComparer.Ordinal));
        Assert.Equal(
            OcfScriptCluster.StartOrder.Select(r => $"start {r.Resource}").Order(StringComparer.Ordinal),
            node2.Select(e => $"{e.Verb} {e.Resource}").Order(StringComparer.Ordinal));
        Assert.All(node2, e => Assert.StartsWith($"{procedure.Id}:", e.EffectKey, StringComparison.Ordinal));
        Print(cluster, [], node1.Concat(node2));
    }

    [Fact]
    public async Task A_monitor_exit_7_of_a_service_gets_local_recovery_on_the_same_node_and_no_failover()
    {
        await using var cluster = await OcfScriptCluster.StartAsync();
        var before = (await cluster.InServiceOnAsync("node1", InService)).Count;
        var audited = (await cluster.AuditAsync()).Count;

        cluster.Script.Fail("node1", "queue");
        var calls = (await cluster.CallsWhenAsync(
            c => c.Skip(before).SkipWhile(x => x.What != "start node1 queue").Any(x => x.What == "monitor node1 queue" && x.Exit == 0),
            InService, "queue restarted on node1 and monitored again")).Skip(before).Where(c => c.Resource == "queue").ToList();

        var failed = calls.FindIndex(c => c.Verb == "monitor" && c.Exit == 7);
        var restarted = calls.FindIndex(c => c.What == "start node1 queue");
        Assert.True(failed >= 0 && restarted > failed, string.Join("\n", calls));
        Assert.True(calls.Take(restarted).Count(c => c.Verb == "monitor" && c.Exit == 7) >= 2, $"restarted before the threshold of 2: {string.Join("\n", calls)}");
        Assert.Equal(0, calls[restarted].Exit);
        Assert.Contains(calls.Skip(restarted + 1), c => c.What == "monitor node1 queue" && c.Exit == 0);
        Assert.DoesNotContain(cluster.Script.Calls().Skip(before), c => c.Node == "node2" && c.Verb is "start" or "stop");
        Assert.DoesNotContain(cluster.Script.Calls().Skip(before), c => c.Verb == "stop");
        var audit = (await cluster.AuditAsync()).OrderBy(a => a.Id).Skip(audited).ToList();
        var recovery = Assert.Single(audit, a => a.TriggerName == "LocalRecovery");
        Assert.Contains("service queue of exch1 not in service on node1 on 2 consecutive checks (threshold 2); local recovery on node1 succeeded", recovery.Reason, StringComparison.Ordinal);
        Assert.Equal([], audit.Where(a => a.TriggerName != "LocalRecovery").Select(a => $"{a.TriggerName}: {a.Reason}"));
        Assert.Equal(0, await cluster.Dir.ProcedureCountAsync());
        Print(cluster, audit, []);
    }

    [Fact]
    public async Task A_monitor_exit_1_of_a_service_gets_local_recovery_by_stop_then_start_on_the_same_node()
    {
        await using var cluster = await OcfScriptCluster.StartAsync();
        var before = (await cluster.InServiceOnAsync("node1", InService)).Count;
        var audited = (await cluster.AuditAsync()).Count;

        cluster.Script.Hang("node1", "delivery"); // failed, not cleanly stopped: its start alone would answer "already running"
        var calls = (await cluster.CallsWhenAsync(
            c => c.Skip(before).SkipWhile(x => x.What != "start node1 delivery").Any(x => x.What == "monitor node1 delivery" && x.Exit == 0),
            InService, "delivery stopped, started and monitored again on node1")).Skip(before).ToList();

        var delivery = calls.Where(c => c.Resource == "delivery" && c.Verb != "monitor").Select(c => $"{c} ").ToList();
        Assert.Equal(["stop node1 delivery exit=0 ", "start node1 delivery exit=0 "], delivery);
        Assert.True(calls.TakeWhile(c => c.Verb != "stop").Count(c => c.What == "monitor node1 delivery" && c.Exit == 1) >= 2, string.Join("\n", calls));
        Assert.DoesNotContain(calls, c => c.Resource != "delivery" && c.Verb is "start" or "stop");
        var audit = (await cluster.AuditAsync()).OrderBy(a => a.Id).Skip(audited).ToList();
        var recovery = Assert.Single(audit);
        Assert.Equal("LocalRecovery", recovery.TriggerName);
        Assert.Contains("local recovery on node1 succeeded: stopped and started service delivery (it had failed)", recovery.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await cluster.Dir.ProcedureCountAsync());
    }

    [Fact]
    public async Task A_local_recovery_whose_start_fails_is_followed_by_a_failover_to_node2()
    {
        await using var cluster = await OcfScriptCluster.StartAsync();
        var before = (await cluster.InServiceOnAsync("node1", InService)).Count;

        cluster.Script.FailStart("node1", "queue");
        cluster.Script.Fail("node1", "queue");
        var calls = (await cluster.InServiceOnAsync("node2", InService)).Skip(before).ToList();

        var failedStart = calls.FindIndex(c => c.What == "start node1 queue");
        Assert.True(failedStart >= 0, $"no local recovery on node1 first: {string.Join("\n", calls)}");
        Assert.Equal(1, calls[failedStart].Exit);
        Assert.True(calls.Take(failedStart).Count(c => c.What == "monitor node1 queue" && c.Exit == 7) >= 2, string.Join("\n", calls));
        Assert.DoesNotContain(calls.Take(failedStart), c => c.Node == "node2" && c.Verb is "start" or "stop");
        Assert.Equal(
            OcfScriptCluster.StartOrder.Select(r => $"start node2 {r.Resource}"),
            calls.Where(c => c.Node == "node2" && c.Verb is "start").Select(c => c.What));
        var audit = await cluster.AuditAsync();
        var recoveryFailed = Assert.Single(audit, a => a.TriggerName == "LocalRecoveryFailed");
        Assert.Contains("service queue of exch1 not in service on node1", recoveryFailed.Reason, StringComparison.Ordinal);
        var failover = Assert.Single(Json.Parse<ProcedurePageJson>((await cluster.Dir.RunAsync("procedures", "list", "--json")).ShouldExitWith(0)).Procedures);
        Assert.Equal(("failover", "node1", "node2"), (failover.Kind, failover.SourceNode, failover.TargetNode));
        Assert.Equal("node1\n", await File.ReadAllTextAsync(cluster.FenceLog)); // fenced once, before the takeover
        Print(cluster, audit, []);
    }

    /// <summary>What happened, in the test's output: the script's calls but the quiet monitors, the audit rows, the ledger entries.</summary>
    private void Print(OcfScriptCluster cluster, IEnumerable<AuditJson> audit, IEnumerable<Orchestrator.Node.Agent.AgentLedgerEntry> ledger)
    {
        output.WriteLine(cluster.Started);
        output.WriteLine(string.Join("\n", cluster.Script.Calls().Where(c => c.Verb != "monitor" || c.Exit != 0)));
        output.WriteLine(string.Join("\n", audit.Select(a => $"{a.TriggerName}: {a.Reason}")));
        output.WriteLine(string.Join("\n", ledger));
    }
}
