using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Postgres;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13, "Two runners" and "Runner death": two `serve` processes (<see cref="TwoRunners"/>: each its own data
/// directory) on one PostgreSQL database and one world file, short leases. Conflicting moves of ten hierarchies sent
/// through both: accepted (0) or refused naming the active procedure (3), never two active at once per hierarchy, each
/// accepted one completed once with its effects once, and both runners ran steps. The runner holding a running step's
/// claim killed with -9: the other finishes the step within one lease plus 2 s. The leader killed with -9: the other
/// leads within one lease plus 2 s with a higher epoch. Skipped without PostgreSQL.
/// </summary>
public sealed partial class TwoRunnersPostgresTests(ITestOutputHelper output)
{
    private const int Hierarchies = 10;

    /// <summary>Commands per hierarchy in one round, sent at once: one is accepted, the others conflict with it.</summary>
    private const int Burst = 5;

    /// <summary>CLI processes at once (on two shared cores).</summary>
    private const int Parallelism = 8;

    /// <summary>
    /// Ten hierarchies, two rounds: five switchovers to node2 per hierarchy at once, then five failbacks to node1 — 100
    /// commands, alternately through A and B, all hierarchies at once. In each round and hierarchy exactly one command is
    /// accepted (0) and the four others are refused naming it (3): every accepted move's service start fails once
    /// (<c>world fail-next ServiceStart</c>, one attempt), so it waits for an operator — still active — until every command
    /// of the round has returned; then it is retried and completes. Without that hold a command that came after the move
    /// completed would be refused as a bad target (2), which is not a conflict.
    /// </summary>
    [SkippableFact]
    public async Task HundredConflictingMovesOfTenHierarchiesThroughBoth_OneActiveAtATime_EachAcceptedCompletesOnce_BothRunnersRunSteps()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var clock = Stopwatch.StartNew();
        await using var runners = await TwoRunners.StartAsync(
            dir => IndependentHierarchies.Write(dir, Hierarchies), new Dictionary<string, string> { ["ORCHESTRATOR_MAX_ATTEMPTS"] = "1" });
        output.WriteLine($"two runners serving after {clock.Elapsed.TotalSeconds:F1} s");

        var gate = new SemaphoreSlim(Parallelism);
        var names = Enumerable.Range(0, Hierarchies).Select(IndependentHierarchies.Name).ToList();
        var accepted = new List<long>();
        var sent = 0;
        foreach (var (command, placedOn) in new (Func<string, string[]> Command, string PlacedOn)[]
        {
            (h => ["switchover", h, "--to", "node2"], "node2"),
            (h => ["failback", h], "node1"),
        })
        {
            (await runners.A.RunAsync("world", "fail-next", "ServiceStart", "--count", Hierarchies.ToString(CultureInfo.InvariantCulture))).ShouldExitWith(0);
            var results = await Task.WhenAll(names.SelectMany(h => Enumerable.Range(0, Burst).Select(async k =>
                (Hierarchy: h, Result: await GatedAsync(gate, runners.Dirs[k % 2], command(h))))));
            sent += results.Length;
            var winners = new List<long>();
            foreach (var burst in results.GroupBy(r => r.Hierarchy))
            {
                Assert.All(burst, r => Assert.True(r.Result.ExitCode is 0 or 3, $"{string.Join(' ', command(burst.Key))} exited {r.Result.ExitCode}, expected 0 or 3: {r.Result}"));
                var won = burst.Where(r => r.Result.ExitCode == 0).ToList();
                Assert.True(won.Count == 1, $"{burst.Key}: {won.Count} of {Burst} commands sent at once were accepted, expected exactly one");
                var id = ProcedureId(won[0].Result);
                winners.Add(id);
                Assert.All(burst.Where(r => r.Result.ExitCode == 3), r =>
                    Assert.True(r.Result.StdErr.Contains($"#{id} ", StringComparison.Ordinal), $"the refusal does not name the active procedure #{id}: {r.Result}"));
            }

            output.WriteLine($"{command("H")[0]} round: {results.Length} commands, accepted #{string.Join(", #", winners)} ({clock.Elapsed.TotalSeconds:F1} s)");
            await StatesShouldBeAsync(runners, winners, "WaitingForOperator", TimeSpan.FromSeconds(20));
            var retried = await Task.WhenAll(winners.Select((id, i) => GatedAsync(gate, runners.Dirs[i % 2], ["procedures", "retry", id.ToString(CultureInfo.InvariantCulture)])));
            Assert.All(retried, r => r.ShouldExitWith(0));
            await StatesShouldBeAsync(runners, winners, "Completed", TimeSpan.FromSeconds(20));
            accepted.AddRange(winners);
            var world = await runners.A.WorldAsync();
            Assert.All(names, h => Assert.Equal([placedOn], world.InServiceNodesOf(h)));
        }

        Assert.Equal(Hierarchies * Burst * 2, sent);
        await EachAcceptedShouldHaveCompletedOnceAloneAsync(runners, accepted);
        await EffectsShouldBeThePlansOnceAsync(runners, accepted, failedStarts: accepted.Count);

        var byA = TwoRunners.StepsRunBy(runners.A);
        var byB = TwoRunners.StepsRunBy(runners.B);
        output.WriteLine($"steps run: {byA.Count} by runner A, {byB.Count} by runner B ({clock.Elapsed.TotalSeconds:F1} s)");
        Assert.True(byA.Count > 0 && byB.Count > 0, $"not both runners ran steps: A {byA.Count}, B {byB.Count}");
        await EachStepShouldHaveBeenClaimedOnceAsync(runners, accepted, []);
    }

    /// <summary>
    /// A switchover whose volume mount is slow (<c>world latency VolumeMount</c>, taken when a call starts): the runner
    /// holding that step's claim (found in the database) is killed with -9 while the mount runs; the other runner takes the
    /// step over once the claim's lease expires and finishes it within one lease plus 2 s of the kill, then the procedure.
    /// The killed call never reached the world, so every effect is applied once and none is replayed.
    /// </summary>
    [SkippableFact]
    public async Task TheRunnerHoldingARunningStepKilled_TheOtherFinishesTheStepWithinOneLeasePlusTwoSeconds_EffectsOnce()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var clock = Stopwatch.StartNew();
        await using var runners = await TwoRunners.StartAsync(
            dir => IndependentHierarchies.Write(dir, 1),
            beforeServe: async dir => (await dir.RunAsync("world", "latency", "VolumeMount", "60000")).ShouldExitWith(0));
        var hierarchy = IndependentHierarchies.Name(0);
        var id = ProcedureId((await runners.A.RunAsync("switchover", hierarchy, "--to", "node2")).ShouldExitWith(0));

        var mount = await RunningMountAsync(runners, id, TimeSpan.FromSeconds(20));
        var pid = int.Parse(mount.ClaimedBy.Split(':')[1], CultureInfo.InvariantCulture);
        var holder = runners.Serves.SingleOrDefault(s => s.Id == pid);
        Assert.True(holder is not null, $"the claim holder {mount.ClaimedBy} is not one of the runners ({runners.ServeA.Id}, {runners.ServeB.Id})");
        var (survivor, survivorDir) = runners.Other(pid);
        var leader = (await runners.QueryAsync("SELECT holder FROM leader_terms", r => r.GetString(0))).SingleOrDefault();
        output.WriteLine($"step {mount.Seq} of #{id} running, held by {mount.ClaimedBy} ({(leader == mount.ClaimedBy ? "the leader" : "not the leader")}) at {clock.Elapsed.TotalSeconds:F1} s");

        // Calls from now on are quick; the holder's call, started with the latency, sleeps on until it is killed.
        (await survivorDir.RunAsync("world", "latency", "VolumeMount", "0")).ShouldExitWith(0);
        Assert.Equal(mount, await RunningMountAsync(runners, id, TimeSpan.Zero)); // still the same claim
        var sinceKill = Stopwatch.StartNew();
        var killedAt = DateTimeOffset.UtcNow; // the database runs here, on this clock
        holder.Kill();
        await holder.WaitForExitAsync(TimeSpan.FromSeconds(10));

        while ((await runners.QueryAsync($"SELECT status FROM procedure_steps WHERE procedure_id = {id} AND seq = {mount.Seq}", r => r.GetString(0)))[0] != "done")
        {
            Assert.True(sinceKill.Elapsed < TimeSpan.FromSeconds(30), $"step {mount.Seq} of #{id} not done 30 s after its holder was killed");
            await Task.Delay(50);
        }

        // Timed to the step's completed_at (the commit's, on the database clock), not to when this loop saw it: the loop's
        // queries are the test's, and on a loaded machine they lag.
        var tookOver = (await runners.QueryAsync($"SELECT completed_at FROM procedure_steps WHERE procedure_id = {id} AND seq = {mount.Seq}", r => r.GetFieldValue<DateTimeOffset>(0)))[0] - killedAt;
        output.WriteLine($"step {mount.Seq} of #{id} ({mount.ClaimedBy}, killed) done by the other runner {tookOver.TotalSeconds:F1} s after the kill (lease {TwoRunners.Lease.TotalSeconds} s)");
        Assert.True(tookOver <= TwoRunners.Lease + TimeSpan.FromSeconds(2), $"the other runner finished the step only {tookOver.TotalSeconds:F1} s after the kill");
        await StatesShouldBeAsync(runners, [id], "Completed", TimeSpan.FromSeconds(20));
        output.WriteLine($"#{id} completed at {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains((id, mount.Seq), TwoRunners.StepsRunBy(survivorDir));
        await EachStepShouldHaveBeenClaimedOnceAsync(runners, [id], [(id, mount.Seq)]);
        Assert.False(survivor.HasExited, "the survivor stopped");

        await EffectsShouldBeThePlansOnceAsync(runners, [id], failedStarts: 0);
        Assert.Equal(["node2"], (await survivorDir.WorldAsync()).InServiceNodesOf(hierarchy));
        (await survivorDir.RunAsync("audit", "verify")).ShouldExitWith(0);
        output.WriteLine($"checked at {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The running volume mount of procedure <paramref name="id"/>: its step, claim holder and fencing token (waited for up to <paramref name="timeout"/>).</summary>
    private static async Task<(int Seq, string ClaimedBy, long Token)> RunningMountAsync(TwoRunners runners, long id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var running = await runners.QueryAsync(
                $"SELECT seq, claimed_by, claim_token FROM procedure_steps WHERE procedure_id = {id} AND action = 'volume.mount' AND status = 'running'",
                r => (Seq: r.GetInt32(0), ClaimedBy: r.GetString(1), Token: r.GetInt64(2)));
            if (running.Count == 1)
            {
                return running[0];
            }

            Assert.True(clock.Elapsed < timeout, $"procedure #{id} has no running volume mount: " +
                string.Join(", ", await runners.QueryAsync($"SELECT seq || ' ' || action || ' ' || status FROM procedure_steps WHERE procedure_id = {id} ORDER BY seq", r => r.GetString(0))));
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Both runners are listed with exactly one leader; the leader killed with -9, the other leads within one lease plus
    /// 2 s (the moment its own log gives), at a higher epoch, and still stops cleanly.
    /// </summary>
    [SkippableFact]
    public async Task TheLeaderKilled_TheOtherLeadsWithinOneLeasePlusTwoSeconds_AtAHigherEpoch()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        await using var runners = await TwoRunners.StartAsync(dir => IndependentHierarchies.Write(dir, 1));
        var (leaderPid, epoch) = await RunnersShouldShowBothAndOneLeaderAsync(runners.B, runners.ServeA.Id, runners.ServeB.Id);

        // The moment the survivor took the term is the one its log gives (the CLI that sees it only adds its own start-up time).
        var leader = runners.Serves.Single(s => s.Id == leaderPid);
        var (survivor, survivorDir) = runners.Other(leaderPid);
        var killedAt = DateTimeOffset.UtcNow;
        leader.Kill();
        await leader.WaitForExitAsync(TimeSpan.FromSeconds(10));
        long newEpoch;
        while (true)
        {
            using var doc = JsonDocument.Parse((await survivorDir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0).StdOut);
            var root = doc.RootElement;
            var term = root.GetProperty("leader");
            var holder = root.GetProperty("runners").EnumerateArray()
                .SingleOrDefault(r => r.GetProperty("runnerId").GetString() == term.GetProperty("holder").GetString());
            if (term.GetProperty("live").GetBoolean() && holder.ValueKind == JsonValueKind.Object && holder.GetProperty("pid").GetInt32() == survivor.Id)
            {
                newEpoch = term.GetProperty("epoch").GetInt64();
                Assert.True(newEpoch > epoch, $"the new leader's epoch is not above {epoch}: {root}");
                break;
            }

            Assert.True(DateTimeOffset.UtcNow - killedAt < TimeSpan.FromSeconds(20), $"the survivor did not lead within 20 s of the kill: {root}");
            await Task.Delay(100);
        }

        var tookOver = await LeadSinceAsync(survivorDir, newEpoch);
        output.WriteLine($"the survivor led with epoch {newEpoch} (was {epoch}) {(tookOver - killedAt).TotalSeconds:F1} s after the kill");
        Assert.True(tookOver - killedAt <= TwoRunners.Lease + TimeSpan.FromSeconds(2), $"the survivor led only {(tookOver - killedAt).TotalSeconds:F1} s after the kill");
        (await survivor.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
    }

    /// <summary>When the runner of <paramref name="dir"/> says in its log that it leads with <paramref name="epoch"/>.</summary>
    private static async Task<DateTimeOffset> LeadSinceAsync(TempDataDir dir, long epoch)
    {
        var marker = $"leads the single-instance roles, epoch {epoch.ToString(CultureInfo.InvariantCulture)} ";
        for (var tries = 0; ; tries++)
        {
            var line = Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log")
                .SelectMany(f => File.ReadAllLines(f))
                .FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return DateTimeOffset.ParseExact(line[..30], "yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture);
            }

            Assert.True(tries < 50, $"the survivor's log does not say it leads with epoch {epoch}");
            await Task.Delay(100);
        }
    }

    private static async Task<(int Pid, long Epoch)> RunnersShouldShowBothAndOneLeaderAsync(TempDataDir dir, int pidA, int pidB)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var doc = JsonDocument.Parse((await dir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0).StdOut);
            var root = doc.RootElement;
            var runners = root.GetProperty("runners").EnumerateArray().ToList();
            var leaders = runners.Where(r => r.GetProperty("isLeader").GetBoolean()).ToList();
            if (runners.Count == 2 && leaders.Count == 1)
            {
                Assert.Equal([pidA, pidB], runners.Select(r => r.GetProperty("pid").GetInt32()).Order());
                Assert.Equal(leaders[0].GetProperty("runnerId").GetString(), root.GetProperty("leader").GetProperty("holder").GetString());
                Assert.True(root.GetProperty("leader").GetProperty("live").GetBoolean());
                return (leaders[0].GetProperty("pid").GetInt32(), root.GetProperty("leader").GetProperty("epoch").GetInt64());
            }

            Assert.True(leaders.Count <= 1, $"two leaders: {root}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"not two runners and one leader within 10 s: {root}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Every step of <paramref name="ids"/> claimed once (a claim counts an attempt; an operator's retry starts the count
    /// again), but each of <paramref name="takenOver"/> twice: by the killed runner and by the one that took it over.
    /// </summary>
    private static async Task EachStepShouldHaveBeenClaimedOnceAsync(TwoRunners runners, List<long> ids, List<(long Procedure, int Seq)> takenOver)
    {
        var steps = await runners.QueryAsync(
            $"SELECT procedure_id, seq, action, status, attempts FROM procedure_steps WHERE procedure_id IN ({string.Join(", ", ids)}) ORDER BY procedure_id, seq",
            r => (Procedure: r.GetInt64(0), Seq: r.GetInt32(1), Action: r.GetString(2), Status: r.GetString(3), Attempts: r.GetInt32(4)));
        var wrong = steps
            .Where(s => s.Status != "done" || s.Attempts != (takenOver.Contains((s.Procedure, s.Seq)) ? 2 : 1))
            .Select(s => $"#{s.Procedure} step {s.Seq} {s.Action} {s.Status} after {s.Attempts} claim(s)")
            .ToList();
        Assert.True(wrong.Count == 0, $"steps not done or not claimed as often as expected: {string.Join("; ", wrong)}");
    }

    private static async Task<ProcessResult> GatedAsync(SemaphoreSlim gate, TempDataDir dir, string[] command)
    {
        await gate.WaitAsync();
        try
        {
            return await dir.RunAsync(command);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Waits (reading the database) until every procedure of <paramref name="ids"/> is in <paramref name="state"/>.</summary>
    private static async Task StatesShouldBeAsync(TwoRunners runners, List<long> ids, string state, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var states = await runners.QueryAsync($"SELECT id, state FROM procedures WHERE id IN ({string.Join(", ", ids)})", r => $"#{r.GetInt64(0)} {r.GetString(1)}");
            var others = states.Where(s => !s.EndsWith($" {state}", StringComparison.Ordinal)).ToList();
            if (others.Count == 0)
            {
                return;
            }

            if (clock.Elapsed >= timeout)
            {
                var steps = await runners.QueryAsync(
                    $"SELECT procedure_id, seq, action, status, attempts, claimed_by, dispatched_by, dispatched_at, not_before, last_error FROM procedure_steps " +
                    $"WHERE procedure_id IN ({string.Join(", ", ids)}) AND status <> 'done' ORDER BY procedure_id, seq LIMIT 5",
                    r => string.Join(" ", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "-" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));
                var logs = runners.Dirs.SelectMany(d => TwoRunners.LogLines(d).Where(l => ids.Any(id => l.Contains($"rocedure {id} ", StringComparison.Ordinal) || l.Contains($"#{id} ", StringComparison.Ordinal))).TakeLast(15));
                Assert.Fail($"not all {state} within {timeout.TotalSeconds} s: {string.Join(", ", others)}\nsteps: {string.Join("\n", steps)}\nlogs:\n{string.Join("\n", logs)}");
            }

            await Task.Delay(100);
        }
    }

    private static long ProcedureId(ProcessResult result)
    {
        var match = ProcedureLine().Match(result.StdOut);
        Assert.True(match.Success, $"an accepted move does not name its procedure: {result}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^procedure #(\d+): ", RegexOptions.Multiline)]
    private static partial Regex ProcedureLine();

    /// <summary>
    /// From the database: the procedures are exactly the accepted ones (a refused command created none), each Completed,
    /// with one Completed row in the journal; and, in the journal's order (appends are serialised by its head lock, in
    /// the transactions that create and move procedures), a hierarchy's procedure is requested only after the one before
    /// it completed — never two active at once. The chain verifies.
    /// </summary>
    private static async Task EachAcceptedShouldHaveCompletedOnceAloneAsync(TwoRunners runners, List<long> accepted)
    {
        var procedures = await runners.QueryAsync("SELECT id, state FROM procedures ORDER BY id", r => (Id: r.GetInt64(0), State: r.GetString(1)));
        Assert.Equal(accepted.Order(), procedures.Select(p => p.Id));
        Assert.All(procedures, p => Assert.Equal("Completed", p.State));

        await runners.QueryAsync("SELECT audit_link_pending()", r => r.GetInt32(0)); // committed rows still pending are linked first, as the journal's reads do
        var journal = await runners.QueryAsync(
            "SELECT id, procedure_id, hierarchy, to_state FROM audit_log WHERE procedure_id IS NOT NULL ORDER BY id",
            r => (Id: r.GetInt64(0), Procedure: r.GetInt64(1), Hierarchy: r.GetString(2), ToState: r.IsDBNull(3) ? null : r.GetString(3)));
        Assert.All(accepted, id => Assert.Equal(1, journal.Count(j => j.Procedure == id && j.ToState == "Completed")));
        foreach (var rows in journal.GroupBy(j => j.Hierarchy))
        {
            long? active = null;
            foreach (var row in rows)
            {
                Assert.True(active is null || active == row.Procedure, $"{rows.Key}: procedure #{row.Procedure} has a journal row (#{row.Id}) while #{active} was active");
                active = row.ToState == "Completed" ? null : row.Procedure;
            }
        }

        (await runners.A.RunAsync("audit", "verify")).ShouldExitWith(0);
    }

    /// <summary>
    /// The world's effect counters: every service and volume step of each accepted procedure's plan called once — the
    /// service start once more for each of <paramref name="failedStarts"/>, calls made to fail — and no effect key replayed
    /// (the world counts a call for an effect it had already applied); no invariant violated (no hierarchy ever on two
    /// nodes). The plan's other steps (a failback's queues and routing groups) call the world only when there is
    /// something to move, so they are not counted per step.
    /// </summary>
    private static async Task EffectsShouldBeThePlansOnceAsync(TwoRunners runners, List<long> accepted, int failedStarts)
    {
        string[] resources = ["ServiceStart", "ServiceStop", "VolumeMount", "VolumeUnmount"];
        var actions = await runners.QueryAsync($"SELECT action FROM procedure_steps WHERE procedure_id IN ({string.Join(", ", accepted)})", r => r.GetString(0));
        var expected = actions.Select(EffectKind).Where(resources.Contains).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        expected["ServiceStart"] = expected.GetValueOrDefault("ServiceStart") + failedStarts;
        var world = await runners.A.WorldAsync();
        var calls = world.Calls.Where(e => resources.Contains(e.Key) && e.Value > 0).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        Assert.Equal(Render(expected), Render(calls));
        Assert.Equal(failedStarts == 0 ? "" : $"ServiceStart x{failedStarts}", Render(world.Failed.Where(f => f.Value > 0).ToDictionary(f => f.Key, f => f.Value)));
        world.ShouldReplayEachKeyAtMost(0, "two runners");
        Assert.Empty(world.Violations);
    }

    /// <summary>"service.stop" → "ServiceStop": the world's effect kind of a step's action.</summary>
    private static string EffectKind(string action) =>
        string.Concat(action.Split('.', '-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Render(IReadOnlyDictionary<string, int> counts) =>
        string.Join("\n", counts.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} x{e.Value}"));
}
