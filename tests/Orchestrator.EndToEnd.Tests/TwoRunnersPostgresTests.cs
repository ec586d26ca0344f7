using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Postgres;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13, "Two runners" and "Runner death": two `serve` processes (each its own data directory) on one PostgreSQL
/// database and one world file (ORCHESTRATOR_WORLD), short leases. Both are listed with exactly one leader; switchovers
/// of two hierarchies requested through both each complete once, one at a time per hierarchy, with the plan's effects;
/// the leader killed with -9, the other leads within one lease plus 2 s with a higher epoch. Skipped without PostgreSQL.
/// </summary>
public sealed class TwoRunnersPostgresTests(ITestOutputHelper output)
{
    private const int Requests = 20;
    private static readonly string[] Hierarchies = ["exch1", "exch2"];
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(int.Parse(ShortLease.Milliseconds, CultureInfo.InvariantCulture));

    [SkippableFact]
    public async Task TwoServes_OneLeader_SwitchoversThroughBothCompleteOnceEach_AndTheOtherLeadsWhenTheLeaderIsKilled()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var a = new TempDataDir();
        using var b = new TempDataDir();
        var world = a.Sibling("world.db");
        foreach (var dir in new[] { a, b })
        {
            dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
            dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
            dir.Environment["ORCHESTRATOR_WORLD"] = world;
            dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
        }

        (await a.RunAsync("db", "migrate")).ShouldExitWith(0);
        await a.ApplyAsync(TwoIndependentHierarchies(a));
        Assert.True(File.Exists(world), "cluster apply did not create the world at ORCHESTRATOR_WORLD");
        Assert.False(File.Exists(Path.Combine(a.Path, "world.db")));

        using var serveA = a.Start("serve", "--no-dashboard");
        using var serveB = b.Start("serve", "--no-dashboard");
        foreach (var serve in new[] { serveA, serveB })
        {
            Assert.True(await serve.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve did not start: {serve.StdOutSoFar} {serve.StdErrSoFar}");
        }

        // (1) both runners, exactly one leader.
        var (leaderPid, epoch) = await RunnersShouldShowBothAndOneLeaderAsync(b, serveA.Id, serveB.Id);

        // (2) switchovers requested through both, alternating, without --wait: accepted (0) or refused as a conflict (3).
        // Each asks for the node the hierarchy is not on once its last accepted move has completed: refused (3) while that is active.
        var accepted = new List<long>();
        var placedOn = Hierarchies.ToDictionary(h => h, _ => "node1");
        var dirs = new[] { a, b };
        for (var i = 0; i < Requests; i += 2)
        {
            var round = await Task.WhenAll(Hierarchies.Select(async (h, k) =>
            {
                var target = placedOn[h] == "node1" ? "node2" : "node1";
                return (Hierarchy: h, Target: target, Result: await dirs[(i + k) % 2].RunAsync("--json", "switchover", h, "--to", target));
            }));
            foreach (var (hierarchy, target, result) in round)
            {
                Assert.True(result.ExitCode is 0 or 3, $"a switchover request exited {result.ExitCode}, expected 0 or 3: {result}");
                if (result.ExitCode == 0)
                {
                    using var doc = JsonDocument.Parse(result.StdOut);
                    accepted.Add(IdOf(doc.RootElement));
                    placedOn[hierarchy] = target;
                }
            }

            await Task.Delay(300);
        }

        Assert.NotEmpty(accepted);
        output.WriteLine($"{accepted.Count} of {Requests} switchovers accepted: #{string.Join(", #", accepted)}");
        foreach (var id in accepted)
        {
            (await a.RunAsync("procedures", "wait", id.ToString(CultureInfo.InvariantCulture))).ShouldExitWith(0);
        }

        await EachAcceptedProcedureShouldHaveCompletedOnceAloneWithThePlansEffectsAsync(a, accepted);

        foreach (var (name, dir) in new[] { ("a", a), ("b", b) })
        {
            var logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log").Select(File.ReadAllText));
            output.WriteLine($"runner {name}: {logs.Split('\n').Count(l => l.Contains("step", StringComparison.OrdinalIgnoreCase))} log lines naming a step");
        }

        // (3) kill -9 the leader: the other leads within one lease + 2 s, with a higher epoch. The moment it took the term
        // is the one its log gives (the CLI that sees it only adds its own start-up time).
        var (leader, survivor, survivorDir) = leaderPid == serveA.Id ? (serveA, serveB, b) : (serveB, serveA, a);
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
        Assert.True(tookOver - killedAt <= Lease + TimeSpan.FromSeconds(2), $"the survivor led only {(tookOver - killedAt).TotalSeconds:F1} s after the kill");

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

    /// <summary>
    /// <see cref="Samples.TwoNodeTwoHierarchies"/> with exch2's services renamed (RESvc2...): with the same names, moving
    /// one hierarchy stops or starts the other's services (and RESvc holds the other's volume), which is not this test's story.
    /// </summary>
    private static string TwoIndependentHierarchies(TempDataDir dir)
    {
        var path = Samples.TwoNodeTwoHierarchies(dir);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var second = text.IndexOf("- name: exch2", StringComparison.Ordinal);
        Assert.True(second > 0, "the sample has no exch2");
        var services = new[] { "RESvc", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "W3SVC" };
        var renamed = services.Aggregate(text[second..], (t, s) => t.Replace($"- name: {s}\n", $"- name: {s}2\n", StringComparison.Ordinal));
        Assert.All(services, s => Assert.Contains($"- name: {s}2\n", renamed, StringComparison.Ordinal));
        File.WriteAllText(path, text[..second] + renamed);
        return path;
    }

    private static long IdOf(JsonElement accepted) =>
        accepted.GetProperty("id").GetInt64();

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

    private static async Task EachAcceptedProcedureShouldHaveCompletedOnceAloneWithThePlansEffectsAsync(TempDataDir dir, List<long> accepted)
    {
        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json", "--limit", "100000")).ShouldExitWith(0));
        var procedures = audit.Where(r => r.ProcedureId is not null).ToList();
        Assert.Equal(accepted.Order(), procedures.Select(r => r.ProcedureId!.Value).Distinct().Order());
        foreach (var id in accepted)
        {
            Assert.Equal(1, procedures.Count(r => r.ProcedureId == id && r.ToState == "Completed"));
        }

        // Never two active per hierarchy: in the audit's order, a procedure is requested only after the one before it completed.
        foreach (var hierarchy in Hierarchies)
        {
            long? active = null;
            foreach (var row in procedures.Where(r => r.Hierarchy == hierarchy).OrderBy(r => r.Id))
            {
                Assert.True(active is null || active == row.ProcedureId, $"{hierarchy}: procedure #{row.ProcedureId} moved while #{active} was active (audit #{row.Id})");
                active = row.ToState == "Completed" ? null : row.ProcedureId;
            }
        }

        // The plan's effects, each called once per procedure that planned it (counted per kind: the two hierarchies share
        // the shares Address and Resources$, so creating one where the other already made it is a no-op, not an apply).
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in accepted)
        {
            var procedure = await dir.ProcedureAsync(id);
            Assert.Equal("Completed", procedure.State);
            foreach (var step in procedure.Steps.Where(s => !s.Action.StartsWith("node.", StringComparison.Ordinal)))
            {
                var kind = EffectKind(step.Action);
                expected[kind] = expected.GetValueOrDefault(kind) + 1;
            }
        }

        var world = await dir.WorldAsync();
        var calls = world.Calls.Where(e => e.Key != "ServiceStartMode" && e.Value > 0).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        Assert.Equal(Render(expected), Render(calls));
        Assert.All(world.Failed, f => Assert.Equal(0, f.Value));
        world.ShouldReplayEachKeyAtMost(0, "two runners");
        Assert.Empty(world.Violations);
        Assert.All(Hierarchies, h => Assert.Single(world.InServiceNodesOf(h)));
        (await dir.RunAsync("audit", "verify")).ShouldExitWith(0);
    }

    /// <summary>"service.stop" → "ServiceStop": the world's effect kind of a step's action.</summary>
    private static string EffectKind(string action) =>
        string.Concat(action.Split('.', '-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string Render(IReadOnlyDictionary<string, int> counts) =>
        string.Join("\n", counts.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} x{e.Value}"));
}
