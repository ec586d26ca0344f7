using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Node;
using Orchestrator.Node.Agent;
using Orchestrator.Testing;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// Issue 14's acceptance, a failover on real nodes (<see cref="LabCluster"/>: monitor-interval 1 s, failure-threshold 2):
/// node1's namespace killed mid-load (every process, its link down) → the monitor sees node1 down on every path, runs
/// node1's fence script (audited, before the takeover), brings the address, the volume and Postfix up on node2; no
/// accepted message is lost (what node1 had queued on the volume is delivered by node2) and the name and the address
/// answer from node2. Then a delayed action of an older claim reaches node2's agent: refused as stale, counted in its
/// ledger, the address left on node2. Each prints its figures; nothing is left behind.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan InServiceWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FailoverWithin = TimeSpan.FromSeconds(40);
    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [SkippableFact]
    public async Task Node1KilledUnderLoad_TheMonitorFencesItAndFailsOverToNode2_NoAcceptedMessageLost_TheNameAndAddressAnswerFromNode2()
    {
        Skip.If(LabCluster.MissingReason is not null, LabCluster.MissingReason);
        await LabScenario.RunAsync(output, async (lab, dns, mail) =>
        {
            await using var cluster = await LabCluster.StartAsync(lab, dns, mail);
            await cluster.StartServeAsync();
            await cluster.WaitInServiceAsync(LabNode.Node1, InServiceWithin);

            // 1,000 messages at most, one every 20 ms, 35 s at most; node1 dies 4 s in.
            const int count = 1000;
            var loadStarted = DateTimeOffset.UtcNow;
            var running = LabMailLoad.RunAsync(lab, count, limit: TimeSpan.FromSeconds(35), interval: TimeSpan.FromMilliseconds(20));
            await Task.Delay(TimeSpan.FromSeconds(4));
            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await LabFailoverSteps.KillNodeAsync(lab, LabNode.Node1);

            var failover = await LabFailoverSteps.WaitForFailoverAsync(cluster, FailoverWithin);
            var seen = clock.Elapsed;
            Assert.True(failover.GetProperty("state").GetString() == "Completed", $"the failover did not complete: {failover}");
            Assert.Equal(LabNode.Node1, failover.GetProperty("sourceNode").GetString());
            Assert.Equal(LabNode.Node2, failover.GetProperty("targetNode").GetString());
            await LabFailoverSteps.WaitInServiceOnAsync(cluster, lab, mail, LabNode.Node2, InServiceWithin);
            var load = await running;

            var delivered = await LabMailbox.WaitForAsync(mail.MailboxDirectory, load.AcceptedIds, TimeSpan.FromSeconds(30));
            var check = LabMailCheck.Compare(load.AcceptedIds, delivered);
            var accepted = load.Attempts.Where(a => a.Accepted).ToList();
            var byNode = accepted.GroupBy(a => a.Server).ToDictionary(g => g.Key, g => g.Count());
            var killedInLoad = killedAt - loadStarted;
            var lastByNode1 = accepted.LastOrDefault(a => a.Server == LabNode.Node1);
            var firstByNode2 = accepted.FirstOrDefault(a => a.Server == LabNode.Node2);

            // The monitor's decision: the failover's first audit row (after threshold rounds of "down").
            var audit = await LabFailoverSteps.AuditAsync(cluster, failover.GetProperty("id").GetInt64());
            var decidedAt = audit.Select(r => r.GetProperty("at").GetDateTimeOffset()).Min();
            var steps = audit.Where(r => r.GetProperty("triggerName").GetString() == "StepSucceeded").ToList();
            var fence = steps.FirstOrDefault(r => Says(r, "fence node1"));
            var takeoverRows = steps.Where(r => Says(r, "mount volume mail on node2") || Says(r, "acquire IP") || Says(r, "start service postfix on node2")).ToList();
            output.WriteLine(
                $"load: {load.Attempts.Count} of {count} messages sent (one every 20 ms) in {load.Elapsed.TotalMilliseconds:0} ms: {check}; "
                + $"accepted by node1 {byNode.GetValueOrDefault(LabNode.Node1)}, by node2 {byNode.GetValueOrDefault(LabNode.Node2)}");
            output.WriteLine($"node1 killed {killedInLoad.TotalMilliseconds:0} ms into the load; its last 250 at {lastByNode1?.At.TotalMilliseconds:0} ms, node2's first at {firstByNode2?.At.TotalMilliseconds:0} ms");
            output.WriteLine($"detection (kill -> the monitor's failover decision, its first audit row): {(decidedAt - killedAt).TotalMilliseconds:0} ms");
            var takeover = failover.GetProperty("completedAt").GetDateTimeOffset() - killedAt;
            var mailUp = steps.First(r => Says(r, "start service postfix on node2")).GetProperty("at").GetDateTimeOffset() - killedAt;
            output.WriteLine($"takeover (kill -> Postfix started on node2: {mailUp.TotalMilliseconds:0} ms; kill -> failover completed: {takeover.TotalMilliseconds:0} ms; seen by the test's CLI polling {seen.TotalMilliseconds:0} ms)");
            output.WriteLine($"client-visible gap (longest gap between 250s): {load.LongestGap.TotalMilliseconds:0} ms (goal <= 5000 ms)");
            foreach (var row in audit)
            {
                output.WriteLine($"  +{(row.GetProperty("at").GetDateTimeOffset() - killedAt).TotalMilliseconds:0} ms {Describe(row)}");
            }

            output.WriteLine(string.Join('\n', (cluster.Serve?.StdErrSoFar ?? "").Split('\n').Where(l => l.Contains("Monitor:", StringComparison.Ordinal))));

            Assert.Empty(check.Lost);
            Assert.True(byNode.GetValueOrDefault(LabNode.Node1) > 0 && byNode.GetValueOrDefault(LabNode.Node2) > 0, $"both nodes should have accepted mail: {string.Join(", ", byNode)}");
            Assert.True(load.LongestGap < TimeSpan.FromSeconds(30), $"the longest gap between 250s is absurd: {load.LongestGap.TotalMilliseconds:0} ms");
            Assert.True(fence.ValueKind == JsonValueKind.Object, $"no audit row of the fence: {string.Join(" | ", audit.Select(Describe))}");
            Assert.True(takeoverRows.Count > 0, $"no audit row of the takeover: {string.Join(" | ", audit.Select(Describe))}");
            Assert.True(LabFailoverSteps.Sequence(fence) < takeoverRows.Min(LabFailoverSteps.Sequence), $"the fence should be audited before the takeover: {string.Join(" | ", audit.Select(Describe))}");
            foreach (var file in mail.IncompleteQueueFiles())
            {
                output.WriteLine($"left by node1's death, never answered 250: {file} (killed {killedAt:HH:mm:ss.fff})");
            }

            Assert.Equal(0, await mail.DrainedQueueCountAsync(TimeSpan.FromSeconds(10)));
        });
    }

    [SkippableFact]
    public async Task ADelayedActionOfTheFencedClaim_ReachesTheAgentAfterTheTakeover_IsRefusedAsStale_AndTheAddressStaysOnNode2()
    {
        Skip.If(LabCluster.MissingReason is not null, LabCluster.MissingReason);
        await LabScenario.RunAsync(output, async (lab, dns, mail) =>
        {

            // A short claim lease: the killed serve's claim on the failover is taken over (fenced) soon after the restart.
            // serve is armed to die of SIGKILL right after the failover's step 3's effect (step 1 fences node1, step 2
            // mounts the volume on node2, step 3 brings the address up there, uncommitted): its claim on step 3 — a claim
            // and its fencing token are per step — is then in node2's ledger under that effect; the restarted serve claims
            // step 3 again under a newer token (the agent answers it Replayed and raises the effect's accepted token).
            const int killedAfter = 3;
            await using var cluster = await LabCluster.StartAsync(lab, dns, mail, environment: new Dictionary<string, string> { ["ORCHESTRATOR_CLAIM_LEASE_MS"] = "2000" });
            var armed = await cluster.StartServeAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = $"after-effect-{killedAfter}" });
            await cluster.WaitInServiceAsync(LabNode.Node1, InServiceWithin);

            // node1 dies; serve dies once the failover's address start reached node2's agent; the restarted serve takes
            // the failover over under a newer claim and completes it.
            await LabFailoverSteps.KillNodeAsync(lab, LabNode.Node1);
            var killed = await armed.WaitForExitAsync(FailoverWithin);
            Assert.True(killed.ExitCode == OrchestratorProcess.KilledBySigKill, $"serve should have died of SIGKILL after step {killedAfter}'s effect: {killed.Describe()}");
            var atKill = await LedgerAsync(cluster, LabNode.Node2);
            var first = Assert.Single(atKill, e => e.Kind == "ip" && e.Verb == "start");
            Assert.True(first.FencingToken > 0 && !atKill.Any(e => e.Kind is "dns" or "service"), $"node2's ledger at the kill: {string.Join(", ", atKill.Select(e => $"{e.Kind} {e.Verb} {e.EffectKey} token {e.FencingToken}"))}");
            await cluster.StartServeAsync();
            var failover = await LabFailoverSteps.WaitForFailoverAsync(cluster, FailoverWithin);
            Assert.True(failover.GetProperty("state").GetString() == "Completed", $"the failover did not complete after serve's restart: {failover}");
            await LabFailoverSteps.WaitInServiceOnAsync(cluster, lab, mail, LabNode.Node2, InServiceWithin);
            output.WriteLine($"serve killed after node2's agent applied {first.Kind} {first.Verb} {first.EffectKey} under token {first.FencingToken}; the restarted serve completed failover {failover.GetProperty("id")}");

            await StaleActionIsRefusedAsync(cluster, lab, mail, failover.GetProperty("id").GetInt64(), first.FencingToken);
        });
    }

    /// <summary>
    /// The delayed action, composed from node2's own ledger: the effect that brought the address up there, applied under
    /// the restarted serve's claim (token T), sent as the killed serve's claim would have sent it late — the same effect
    /// key with that fenced claim's token (<paramref name="fencedToken"/>, lower than T, as node2's ledger recorded it).
    /// The agent refuses it as stale (HTTP 409, outcome Stale, nothing run), counts the refusal in its ledger and logs it
    /// (the agent's log and ledger row are its audit); the address stays on node2.
    /// </summary>
    private async Task StaleActionIsRefusedAsync(LabCluster cluster, LabNetwork lab, LabMail mail, long failover, long fencedToken)
    {
        var ledger = await LedgerAsync(cluster, LabNode.Node2);
        var ofFailover = ledger.Where(e => e.EffectKey.StartsWith($"{failover.ToString(CultureInfo.InvariantCulture)}:", StringComparison.Ordinal)).ToList();
        var ipStart = Assert.Single(ofFailover, e => e.Kind == "ip" && e.Verb == "start");
        Assert.True(ipStart.FencingToken > fencedToken,
            $"the address should have been brought up under the newer claim: {string.Join(", ", ledger.Select(e => $"{e.Kind} {e.Verb} {e.EffectKey} token {e.FencingToken}"))}");

        var request = new AgentActionRequest(
            ipStart.EffectKey, fencedToken,
            new ResourceSpec("ip", ipStart.Resource, new Dictionary<string, string> { ["address"] = $"{mail.Address}/24", ["interface"] = LabNetwork.Interface }),
            ResourceVerb.Start, 10);
        var (status, body) = await PostActionAsync(cluster, lab, LabNode.Node2, JsonSerializer.Serialize(request, JsonSerializerOptions.Web));
        var answer = JsonSerializer.Deserialize<AgentActionResponse>(body, AnswerJson)!;
        var after = Assert.Single(await LedgerAsync(cluster, LabNode.Node2), e => e.EffectKey == ipStart.EffectKey && e.Kind == "ip" && e.Verb == "start");
        output.WriteLine(
            $"stale action: start ip {ipStart.Resource} for {ipStart.EffectKey} with token {fencedToken} (applied under {ipStart.FencingToken}) -> HTTP {status} {answer.Outcome}: {answer.Message}; "
            + $"node2's ledger for it: applied {after.Applied}, replays {after.Replays}, refusals {after.Refusals}");

        Assert.Equal(409, status);
        Assert.Equal(AgentOutcome.Stale, answer.Outcome);
        Assert.Equal((1, 1), (after.Applied, after.Refusals)); // (the killed serve may have sent it before dying: then the newer claim's was a replay)
        Assert.Contains($"Refused start of ip {ipStart.Resource} for {ipStart.EffectKey}", lab.Transcript, StringComparison.Ordinal); // the agent's log: its audit
        await LabFailoverSteps.WaitInServiceOnAsync(cluster, lab, mail, LabNode.Node2, TimeSpan.FromSeconds(5));
    }

    private static async Task<IReadOnlyList<AgentLedgerEntry>> LedgerAsync(LabCluster cluster, string node) =>
        JsonSerializer.Deserialize<List<AgentLedgerEntry>>(await cluster.LedgerJsonAsync(node), JsonSerializerOptions.Web)!;

    /// <summary>POST /v1/actions to <paramref name="node"/>'s agent from the orchestrator's machine (the token in a header file, never on a command line).</summary>
    private static async Task<(int Status, string Body)> PostActionAsync(LabCluster cluster, LabNetwork lab, string node, string json)
    {
        var header = Path.Combine(cluster.Directory, "stale.header");
        var body = Path.Combine(cluster.Directory, "stale.json");
        await File.WriteAllTextAsync(header, $"Authorization: Bearer {(await File.ReadAllTextAsync(cluster.TokenFile)).Trim()}\nContent-Type: application/json\n");
        File.SetUnixFileMode(header, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(body, json);
        var url = $"http://{lab.Address(node)}:{LabCluster.AgentPort}/v1/actions";
        var posted = await lab.ExecAsync(
            LabCluster.OrchestratorMachine, ["curl", "-sS", "--max-time", "15", "-H", "@" + header, "--data-binary", "@" + body, "-w", "\n%{http_code}", url], TimeSpan.FromSeconds(20));
        Assert.True(posted.ExitCode == 0, $"POST {url} failed: {posted.StandardError}");
        var text = posted.StandardOutput.TrimEnd();
        var cut = text.LastIndexOf('\n');
        return (int.Parse(text[(cut + 1)..], CultureInfo.InvariantCulture), text[..cut]);
    }

    private static bool Says(JsonElement row, string text) =>
        row.TryGetProperty("reason", out var reason) && reason.GetString()?.Contains(text, StringComparison.OrdinalIgnoreCase) == true;

    private static string Describe(JsonElement row) =>
        $"#{row.GetProperty("id")} {row.GetProperty("triggerName")}: {row.GetProperty("reason")}";
}
