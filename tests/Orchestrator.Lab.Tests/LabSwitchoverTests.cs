using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using Orchestrator.Node.Agent;
using Orchestrator.Testing;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// Issue 14's acceptance, the product moving the lab's mail (<see cref="LabCluster"/>: an agent per mail node, serve and
/// the CLI in the client's namespace): a switchover node1 → node2 → node1 through <c>switchover</c> under an SMTP load
/// loses no accepted message, and the mail name and the address answer from the node in service after each move; serve
/// killed with SIGKILL in the middle of a real switchover is restarted and completes it, no effect applied twice by any
/// agent. Each prints its figures; nothing is left behind.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabSwitchoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan InServiceWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SwitchoverWithin = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task ASwitchoverThereAndBack_ThroughTheProduct_UnderLoad_LosesNoAcceptedMessage_AndTheNameAndAddressFollowTheNodeInService()
    {
        Skip.If(LabCluster.MissingReason is not null, LabCluster.MissingReason);
        await LabScenario.RunAsync(output, async (lab, dns, mail) =>
        {
            await using var cluster = await LabCluster.StartAsync(lab, dns, mail);
            await cluster.StartServeAsync();
            var firstUp = await cluster.WaitInServiceAsync(LabNode.Node1, InServiceWithin); // the monitor's local recovery brings it up on node1

            // 2,000 messages at most, one every 15 ms (30 s), 35 s at most; the moves happen in the middle.
            const int count = 2000;
            var running = LabMailLoad.RunAsync(lab, count, limit: TimeSpan.FromSeconds(35), interval: TimeSpan.FromMilliseconds(15));
            await Task.Delay(TimeSpan.FromSeconds(2));
            var there = await SwitchoverAsync(cluster, LabNode.Node2);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var back = await SwitchoverAsync(cluster, LabNode.Node1);
            var load = await running;

            var delivered = await LabMailbox.WaitForAsync(mail.MailboxDirectory, load.AcceptedIds, TimeSpan.FromSeconds(30));
            var check = LabMailCheck.Compare(load.AcceptedIds, delivered);
            var byNode = load.Attempts.Where(a => a.Accepted).GroupBy(a => a.Server).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine(
                $"load: {load.Attempts.Count} of {count} messages sent (one every 15 ms, 35 s at most) in {load.Elapsed.TotalMilliseconds:0} ms: {check}; "
                + $"accepted by node1 {byNode.GetValueOrDefault(LabNode.Node1)}, by node2 {byNode.GetValueOrDefault(LabNode.Node2)}");
            var unaccepted = load.Attempts.Where(a => !a.Accepted).GroupBy(a => $"{a.Code} {a.Server}").Select(g => $"{g.Count()} x {g.Key}");
            output.WriteLine($"not accepted (reply code, what the client saw): {string.Join(", ", unaccepted)}");
            output.WriteLine($"in service on node1 {firstUp.TotalMilliseconds:0} ms after serve started (the monitor's local recovery)");
            output.WriteLine(
                $"switchover node1 -> node2: {there.Command.TotalMilliseconds:0} ms (switchover --wait), Postfix down {(await PostfixDownAsync(cluster, 1)).TotalMilliseconds:0} ms "
                + $"(audit: its stop done to its start done), name and address on node2 {there.InService.TotalMilliseconds:0} ms after");
            output.WriteLine(
                $"switchover node2 -> node1: {back.Command.TotalMilliseconds:0} ms (switchover --wait), Postfix down {(await PostfixDownAsync(cluster, 2)).TotalMilliseconds:0} ms "
                + $"(audit), name and address on node1 {back.InService.TotalMilliseconds:0} ms after");
            output.WriteLine($"longest gap between 250s: {load.LongestGap.TotalMilliseconds:0} ms (goal <= 1000 ms)");

            Assert.Empty(check.Lost);
            Assert.True(byNode.GetValueOrDefault(LabNode.Node2) > 0, $"node2 accepted nothing while in service: {string.Join(", ", byNode)}");
            Assert.True(load.Attempts.Where(a => a.Accepted).SkipWhile(a => a.Server != LabNode.Node2).Any(a => a.Server == LabNode.Node1),
                "node1 accepted nothing after the switchover back: the load ended before it");
            Assert.True(load.LongestGap < TimeSpan.FromSeconds(10), $"the longest gap between 250s is absurd: {load.LongestGap.TotalMilliseconds:0} ms");
            Assert.Equal(0, await mail.DrainedQueueCountAsync(TimeSpan.FromSeconds(10)));
        });
    }

    [SkippableFact]
    public async Task ServeKilledWithSigkillInTheMiddleOfARealSwitchover_IsRestartedAndCompletesIt_AndNoAgentAppliedAnEffectTwice()
    {
        Skip.If(LabCluster.MissingReason is not null, LabCluster.MissingReason);
        await LabScenario.RunAsync(output, async (lab, dns, mail) =>
        {

            // A short claim lease: the killed serve's claim on its step is taken over soon after the restart. The first serve
            // is armed to die of SIGKILL right after step 9's effect (node2's agent has brought the address up; the step is
            // not committed): the volume is on node2, DNS and Postfix are still to come.
            const int killedAfter = 9;
            await using var cluster = await LabCluster.StartAsync(lab, dns, mail, environment: new Dictionary<string, string> { ["ORCHESTRATOR_CLAIM_LEASE_MS"] = "2000" });
            var first = await cluster.StartServeAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = $"after-effect-{killedAfter}" });
            await cluster.WaitInServiceAsync(LabNode.Node1, InServiceWithin);

            var clock = Stopwatch.StartNew();
            (await cluster.RunAsync("switchover", LabCluster.Hierarchy, "--to", LabNode.Node2)).ShouldExitWith(0);
            var killed = await first.WaitForExitAsync(SwitchoverWithin);
            Assert.True(killed.ExitCode == OrchestratorProcess.KilledBySigKill, $"serve should have died of SIGKILL after step {killedAfter}'s effect: {killed.Describe()}");
            var interrupted = await ProcedureAsync(cluster, 1);
            var doneAtKill = interrupted.GetProperty("stepsDone").GetInt32();
            var atKill = await LedgerAsync(cluster, LabNode.Node2);
            output.WriteLine(
                $"serve killed (SIGKILL) {clock.ElapsedMilliseconds} ms after the request, right after step {killedAfter}'s effect: {doneAtKill} of 15 steps committed "
                + $"({interrupted.GetProperty("state").GetString()}); node2's ledger then: {string.Join(", ", atKill.Select(e => $"{e.Kind} {e.Verb} {e.EffectKey}"))}");
            Assert.True(interrupted.GetProperty("isActive").GetBoolean() && doneAtKill == killedAfter - 1, $"serve should be killed in the middle of the switchover: {interrupted}");
            Assert.Contains(atKill, e => e.Kind == "ip" && e.Verb == "start" && e.Applied == 1);
            Assert.DoesNotContain(atKill, e => e.Kind == "service");

            var restarted = Stopwatch.StartNew();
            await cluster.StartServeAsync();
            var final = await PollProcedureAsync(cluster, 1, SwitchoverWithin);
            var completedAfter = restarted.Elapsed;
            var inService = await cluster.WaitInServiceAsync(LabNode.Node2, InServiceWithin);
            output.WriteLine($"restarted serve completed the switchover {completedAfter.TotalMilliseconds:0} ms after its start; mail in service on node2 {inService.TotalMilliseconds:0} ms after that");
            Assert.True(final.GetProperty("state").GetString() == "Completed", $"after restarting serve: {final}");

            // Every agent's ledger: no step's effect applied twice, under its key or under another generation's.
            var entries = new List<(string Node, AgentLedgerEntry Entry)>();
            foreach (var node in cluster.Nodes)
            {
                entries.AddRange((await LedgerAsync(cluster, node)).Select(e => (node, e)));
            }

            // (The monitor's local recoveries before the switchover are keyed 0:…: each a recovery of its own.)
            var twice = entries
                .GroupBy(e => e.Entry.EffectKey.StartsWith("1:", StringComparison.Ordinal) ? $"{StepOf(e.Entry.EffectKey)} {e.Entry.Kind} {e.Entry.Verb}" : $"{e.Node} {e.Entry.EffectKey} {e.Entry.Kind} {e.Entry.Resource} {e.Entry.Verb}")
                .Where(g => g.Sum(e => e.Entry.Applied) > 1)
                .Select(g => g.Key)
                .ToList();
            output.WriteLine(
                $"agents' ledgers: {entries.Count} effects, {entries.Sum(e => e.Entry.Applied)} applied, {entries.Sum(e => e.Entry.Replays)} replays "
                + $"({string.Join(", ", entries.Where(e => e.Entry.Replays > 0).Select(e => $"{e.Node} {e.Entry.Kind} {e.Entry.Verb} {e.Entry.EffectKey}"))}), "
                + $"{entries.Sum(e => e.Entry.Refusals)} refusals");
            Assert.True(twice.Count == 0, $"applied twice: {string.Join(", ", twice)}");
            Assert.Contains(entries, e => e.Node == LabNode.Node2 && e.Entry.Kind == "service" && e.Entry.Verb == "start" && e.Entry.Applied == 1);

            // The step killed between its effect and its commit was run again by the restarted serve: answered Replayed, not applied.
            Assert.Contains(entries, e => e.Node == LabNode.Node2 && e.Entry.Kind == "ip" && e.Entry.Verb == "start" && e.Entry.Applied == 1 && e.Entry.Replays >= 1);
        });
    }

    private static async Task<(TimeSpan Command, TimeSpan InService)> SwitchoverAsync(LabCluster cluster, string to)
    {
        var moved = await cluster.RunAsync("switchover", LabCluster.Hierarchy, "--to", to, "--wait");
        moved.ShouldExitWith(0);
        var inService = await cluster.WaitInServiceAsync(to, InServiceWithin);
        return (moved.Elapsed, inService);
    }

    /// <summary>The procedure and step of a procedure's effect key (<c>PROCEDURE:STEP:GENERATION</c>): one step's effect under any generation.</summary>
    private static string StepOf(string effectKey) => string.Join(':', effectKey.Split(':').Take(2));

    private static async Task<IReadOnlyList<AgentLedgerEntry>> LedgerAsync(LabCluster cluster, string node) =>
        JsonSerializer.Deserialize<List<AgentLedgerEntry>>(await cluster.LedgerJsonAsync(node), JsonSerializerOptions.Web)!;

    /// <summary>From the audit: the time from the procedure's "stop service postfix" step done to its "start service postfix" step done.</summary>
    private static async Task<TimeSpan> PostfixDownAsync(LabCluster cluster, long procedure)
    {
        var listed = await cluster.RunAsync("audit", "list", "--procedure", procedure.ToString(CultureInfo.InvariantCulture), "--json", "--limit", "1000");
        listed.ShouldExitWith(0);
        var rows = JsonDocument.Parse(listed.StdOut).RootElement.EnumerateArray().ToList();
        DateTimeOffset At(string done) =>
            rows.Single(r => r.GetProperty("reason").GetString()!.StartsWith($"done: {done}", StringComparison.Ordinal)).GetProperty("at").GetDateTimeOffset();
        return At("start service postfix") - At("stop service postfix");
    }

    private static async Task<JsonElement> ProcedureAsync(LabCluster cluster, long id)
    {
        var shown = await cluster.RunAsync("procedures", "show", id.ToString(CultureInfo.InvariantCulture), "--json");
        shown.ShouldExitWith(0);
        return JsonDocument.Parse(shown.StdOut).RootElement.Clone();
    }

    private static async Task<JsonElement> PollProcedureAsync(LabCluster cluster, long id, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await ProcedureAsync(cluster, id);
            if (!view.GetProperty("isActive").GetBoolean() || view.GetProperty("state").GetString() == "WaitingForOperator" || clock.Elapsed > within)
            {
                return view;
            }

            await Task.Delay(250);
        }
    }
}
