using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Postgres;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13, "Partition of a runner from the database": runner A reaches PostgreSQL through a
/// <see cref="PartitionableProxy"/>, runner B directly, both on one world file. A claims the slow DNS step of a switchover
/// and is cut off (its process alive, its connection silent): its claim expires, B takes the step over and the
/// procedure completes once; healed, A's late write for the step is refused by its stale token and changes nothing (one
/// fenced row in the audit, the chain verifies, no transition twice); A, the leader before, no longer leads. Skipped
/// without PostgreSQL.
/// </summary>
public sealed class RunnerPartitionPostgresTests(ITestOutputHelper output)
{
    private const string Hierarchy = "exch1";
    private const string Dns = "dns.update";
    private const string FencedPrefix = "fenced: stale claim";

    /// <summary>
    /// Two stories. The DNS call shorter than the lease: A's effect lands before its lease runs out and its commit waits in
    /// the partition, to be refused by the token when it gets through (B's call of the same effect is a replay). Longer
    /// than the lease: A's heartbeat counts the lease lost when it runs out with no renewal through and cancels the call,
    /// so A's effect never happens (B's call applies it, no replay).
    /// </summary>
    [SkippableTheory]
    [InlineData(2000, "found when it committed the step done", 1)]
    [InlineData(6000, "its lease ran out while the action ran, no renewal having got through", 0)]
    public async Task APartitionedRunnersClaimExpires_TheOtherFinishesTheProcedureOnce_AndItsLateWriteIsRefused(int dnsLatencyMs, string refusedBecause, int dnsReplays)
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var test = Stopwatch.StartNew();
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        await using var proxy = PartitionableProxy.To(connection);
        using var a = new TempDataDir();
        using var b = new TempDataDir();
        var world = a.Sibling("world.db");
        foreach (var (dir, through) in new[] { (a, proxy.Route(connection)), (b, connection) })
        {
            dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
            dir.Environment["ORCHESTRATOR_CONNECTION"] = through;
            dir.Environment["ORCHESTRATOR_WORLD"] = world;
            dir.Environment["ORCHESTRATOR_KEYS_DIR"] = a.Sibling("keys"); // one key ring for the database's credentials
            dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
        }

        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: database");
        (await b.RunAsync("db", "migrate")).ShouldExitWith(0);
        await b.ApplyAsync(Samples.TwoNode);
        (await b.RunAsync("world", "latency", "DnsUpdate", dnsLatencyMs.ToString(CultureInfo.InvariantCulture))).ShouldExitWith(0);

        // A alone: it leads, and it claims the DNS step.
        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: set up");
        using var serveA = a.Start("serve", "--no-dashboard");
        Assert.True(await serveA.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve A did not start: {serveA.StdOutSoFar} {serveA.StdErrSoFar}");
        var (runnerA, epochA) = await LeaderAsync(connection, serveA.Id);
        using var requested = JsonDocument.Parse((await b.RunAsync("--json", "switchover", Hierarchy, "--to", "node2")).ShouldExitWith(0).StdOut);
        var id = requested.RootElement.GetProperty("id").GetInt64();
        var dns = await WaitForDnsStepAsync(connection, id, s => s.Status == "running", TimeSpan.FromSeconds(20));
        Assert.Equal((runnerA, 1L), (dns.Worker, dns.Token));

        // Partition A (alive, its connection silent), then start B.
        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: A claimed the DNS step");
        proxy.Partition();
        var partitionedAt = Stopwatch.StartNew();
        using var serveB = b.Start("serve", "--no-dashboard");
        Assert.True(await serveB.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve B did not start: {serveB.StdOutSoFar} {serveB.StdErrSoFar}");

        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: B serving");
        // B takes the expired step over and the procedure completes, while A is still cut off.
        var state = await EndStateAsync(connection, id, TimeSpan.FromSeconds(25));
        Assert.True(state == "Completed", $"the switchover did not complete without A: {state}; B: {serveB.StdOutSoFar}");
        Assert.True(proxy.Partitioned);
        output.WriteLine($"completed by B {partitionedAt.Elapsed.TotalSeconds:F1} s after A was cut off");
        var taken = await WaitForDnsStepAsync(connection, id, s => s.Status == "done", TimeSpan.FromSeconds(1));
        Assert.Equal(2, taken.Token); // A's claim (1), then B's
        Assert.NotEqual(runnerA, taken.Worker);
        var (_, epochB) = await LeaderAsync(connection, serveB.Id);
        Assert.True(epochB > epochA, $"B leads with epoch {epochB}, not above A's {epochA}");

        // Healed: A's late write for the step gets through and is refused by its stale token.
        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: completed by B; {await SessionsAsync(connection)} sessions");
        proxy.Heal();
        var fenced = await WaitForAuditAsync(b, id, r => r.Reason.StartsWith(FencedPrefix, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        output.WriteLine($"A's late write: {fenced.Reason}");
        Assert.Equal(runnerA, fenced.Actor);
        Assert.Contains($"step {dns.Seq} of procedure #{id} (claim token 1)", fenced.Reason, StringComparison.Ordinal);
        Assert.Contains(refusedBecause, fenced.Reason, StringComparison.Ordinal);

        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: A's late write refused; {await SessionsAsync(connection)} sessions");
        // A steps down: it says it no longer leads (its renewal refused, or a decision of its stale epoch refused).
        await WaitForLogAsync(a, "no longer leads", TimeSpan.FromSeconds(20));

        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: A stepped down");
        await TheStepShouldHaveCountedOnceAsync(b, id, dns.Seq, runnerA, dnsReplays);
        var stopped = await Task.WhenAll(serveB.StopAsync(TimeSpan.FromSeconds(20)), serveA.StopAsync(TimeSpan.FromSeconds(20)));
        Assert.All(stopped, s => s.ShouldExitWith(0)); // A too: nothing of it hangs on a connection of the partition
        output.WriteLine($"{test.Elapsed.TotalSeconds:F1} s: checked and stopped");
    }

    private static async Task TheStepShouldHaveCountedOnceAsync(TempDataDir dir, long id, int dnsSeq, string runnerA, int dnsReplays)
    {
        var procedure = await dir.ProcedureAsync(id);
        Assert.All(procedure.Steps, s => Assert.Equal("done", s.Status, ignoreCase: true));
        Assert.Equal(2, procedure.Steps.Single(s => s.Seq == dnsSeq).Attempts);

        var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json", "--limit", "100000")).ShouldExitWith(0));
        var rows = audit.Where(r => r.ProcedureId == id).ToList();
        Assert.Single(rows, r => r.ToState == "Completed");
        Assert.Single(rows, r => r.TriggerName == "StepSucceeded" && r.Reason.Contains($"(step {dnsSeq} of", StringComparison.Ordinal));
        Assert.Equal(procedure.Steps.Count, rows.Count(r => r.TriggerName == "StepSucceeded"));
        Assert.Single(audit, r => r.Actor == runnerA); // its one refused write, nothing else under its name
        Assert.DoesNotContain(audit, r => r.Actor == "monitor"); // nothing failed: no monitor decision, from A's stale epoch or B's
        (await dir.RunAsync("audit", "verify")).ShouldExitWith(0);

        var world = await dir.WorldAsync();
        Assert.All(world.Applied, e => Assert.True(e.Value <= 1 || e.Key == "ServiceStartMode", $"{e.Key} applied {e.Value} times"));
        Assert.Equal(dnsReplays, world.Replayed.GetValueOrDefault("DnsUpdate"));
        world.ShouldReplayEachKeyAtMost(dnsReplays, "partition");
        Assert.Empty(world.Violations);
        Assert.Equal(["node2"], world.InServiceNodesOf(Hierarchy));
    }

    /// <summary>The leader's runner id and epoch, once the runner of <paramref name="pid"/> leads (read directly, not through the proxy).</summary>
    private static async Task<(string RunnerId, long Epoch)> LeaderAsync(string connection, int pid)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        while (true)
        {
            await using var read = new NpgsqlCommand(
                "SELECT t.holder, t.epoch FROM leader_terms t JOIN runners r ON r.runner_id = t.holder WHERE r.pid = @pid AND t.expires_at > now()", db);
            read.Parameters.AddWithValue("pid", (long)pid);
            await using (var row = await read.ExecuteReaderAsync())
            {
                if (await row.ReadAsync())
                {
                    return (row.GetString(0), row.GetInt64(1));
                }
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"runner {pid} did not lead within 15 s");
            await Task.Delay(100);
        }
    }

    private sealed record DnsStep(int Seq, string Status, string? Worker, long Token);

    /// <summary>The switchover's DNS step as stored, once <paramref name="until"/> holds (read directly, not through the proxy).</summary>
    private static async Task<DnsStep> WaitForDnsStepAsync(string connection, long id, Func<DnsStep, bool> until, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        while (true)
        {
            await using var read = new NpgsqlCommand("SELECT seq, status, claimed_by, claim_token FROM procedure_steps WHERE procedure_id = @id AND action = @action", db);
            read.Parameters.AddWithValue("id", id);
            read.Parameters.AddWithValue("action", Dns);
            await using (var row = await read.ExecuteReaderAsync())
            {
                Assert.True(await row.ReadAsync(), $"procedure #{id} has no {Dns} step");
                var step = new DnsStep(row.GetInt32(0), row.GetString(1), row.IsDBNull(2) ? null : row.GetString(2), row.GetInt64(3));
                if (until(step))
                {
                    return step;
                }

                Assert.True(clock.Elapsed < timeout, $"the {Dns} step is {step} after {timeout.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<long> SessionsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()", db);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The procedure's state once it is no longer active (read directly); "still active" after <paramref name="timeout"/>.</summary>
    private static async Task<string> EndStateAsync(string connection, long id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        while (clock.Elapsed < timeout)
        {
            await using var read = new NpgsqlCommand("SELECT state FROM procedures WHERE id = @id AND NOT is_active", db);
            read.Parameters.AddWithValue("id", id);
            if (await read.ExecuteScalarAsync() is string state)
            {
                return state;
            }

            await Task.Delay(100);
        }

        return "still active";
    }

    private static async Task<AuditJson> WaitForAuditAsync(TempDataDir dir, long id, Func<AuditJson, bool> match, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var audit = Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--json", "--limit", "100000")).ShouldExitWith(0));
            if (audit.SingleOrDefault(r => r.ProcedureId == id && match(r)) is { } row)
            {
                return row;
            }

            Assert.True(clock.Elapsed < timeout, $"no such audit row for #{id} within {timeout.TotalSeconds} s");
            await Task.Delay(300);
        }
    }

    private static async Task WaitForLogAsync(TempDataDir dir, string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log").Any(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < timeout, $"the log does not say \"{text}\" within {timeout.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
