using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Orchestrator.Testing.Postgres;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13, "Runner death" for the leader: two `serve` on one PostgreSQL database (the world in it), a monitor round every
/// second (threshold 1), short leases; node1, where both hierarchies run, fails in the world and the leader is killed with
/// -9 — right after the failure (before its decision), or once its decisions were journaled but before their failovers
/// finished. The other runner leads within one lease plus 2 s, the journal holds exactly one failover decision per
/// hierarchy, each stamped with the epoch of a term its writer held (leader_term_history), and each failover completes
/// once. Skipped, with the reason, without PostgreSQL.
/// </summary>
public sealed class LeaderFailoverPostgresTests(ITestOutputHelper output)
{
    private static readonly string[] Hierarchies = ["exch1", "exch2"];
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(int.Parse(ShortLease.Milliseconds, CultureInfo.InvariantCulture));

    [SkippableFact]
    public async Task TheLeaderKilledRightAfterANodeFails_TheOtherLeadsAndDecidesOneFailoverPerHierarchy_EachCompletingOnce()
    {
        await using var cluster = await TwoRunners.StartAsync();
        var (leader, survivor) = await cluster.LeaderAndSurvivorAsync();
        output.WriteLine($"{cluster.Elapsed.Elapsed.TotalSeconds:F1} s: two runners, one leader");

        (await cluster.A.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        var killedAt = DateTimeOffset.UtcNow;
        leader.Kill();
        output.WriteLine($"decisions journaled when the leader was killed: {(await cluster.DecisionsAsync()).Count}");

        await cluster.SurvivorShouldLeadWithinOneLeasePlus2sAsync(survivor, killedAt, output);
        await cluster.EachHierarchyShouldBeFailedOverOnceAsync(output, replaysAllowed: 0);
    }

    [SkippableFact]
    public async Task TheLeaderKilledAfterItsDecisionsWereJournaled_TheOtherFinishesTheFailovers_AndDecidesNothingAgain()
    {
        await using var cluster = await TwoRunners.StartAsync();
        var (leader, survivor) = await cluster.LeaderAndSurvivorAsync();
        // node1 fails, and the failovers take seconds (each service start 400 ms): two CLI calls at once.
        var world = await Task.WhenAll(cluster.A.RunAsync("world", "latency", "ServiceStart", "400"), cluster.B.RunAsync("world", "fail-node", "node1"));
        Assert.All(world, r => r.ShouldExitWith(0));
        var clock = Stopwatch.StartNew();
        while ((await cluster.DecisionsAsync()).Count < Hierarchies.Length)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the leader decided no failover of both hierarchies within 20 s of node1's failure");
            await Task.Delay(50);
        }

        var killedAt = DateTimeOffset.UtcNow;
        leader.Kill();
        output.WriteLine($"{cluster.Elapsed.Elapsed.TotalSeconds:F1} s: leader killed");
        var unfinished = await cluster.ActiveFailoversAsync();
        output.WriteLine($"failovers still active when the leader was killed: {unfinished}");
        Assert.True(unfinished > 0, "both failovers had finished before the kill: the test did not kill during them");

        await cluster.SurvivorShouldLeadWithinOneLeasePlus2sAsync(survivor, killedAt, output);
        // The killed runner's interrupted step is asked again once its claim expires: each effect key replayed at most once.
        await cluster.EachHierarchyShouldBeFailedOverOnceAsync(output, replaysAllowed: 1);
    }

    /// <summary>Two serve processes on one new database and one world, both hierarchies in service on node1.</summary>
    private sealed class TwoRunners : IAsyncDisposable
    {
        private readonly string _connection;

        private TwoRunners(string connection, TempDataDir a, TempDataDir b)
        {
            (_connection, A, B) = (connection, a, b);
        }

        public TempDataDir A { get; }

        /// <summary>Since the database was created: the test's phases are reported against it.</summary>
        public Stopwatch Elapsed { get; } = Stopwatch.StartNew();

        public TempDataDir B { get; }

        public RunningOrchestrator? ServeA { get; private set; }

        public RunningOrchestrator? ServeB { get; private set; }

        public static async Task<TwoRunners> StartAsync()
        {
            Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
            var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
            var runners = new TwoRunners(connection, new TempDataDir(), new TempDataDir());
            foreach (var dir in new[] { runners.A, runners.B })
            {
                dir.Environment["ORCHESTRATOR_STORE"] = "postgres";
                dir.Environment["ORCHESTRATOR_CONNECTION"] = connection;
                dir.Environment["ORCHESTRATOR_KEYS_DIR"] = runners.A.Sibling("keys"); // one key ring for the database's credentials
                dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
            }

            (await runners.A.RunAsync("db", "migrate")).ShouldExitWith(0);
            await runners.A.ApplyAsync(MonitoredEverySecond(runners.A));
            runners.ServeA = runners.A.Start("serve", "--no-dashboard");
            runners.ServeB = runners.B.Start("serve", "--no-dashboard");
            foreach (var serve in new[] { runners.ServeA, runners.ServeB })
            {
                Assert.True(await serve.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve did not start: {serve.StdOutSoFar} {serve.StdErrSoFar}");
            }

            return runners;
        }

        /// <summary>The serve that leads (a live term, its holder's pid) and the other one.</summary>
        public async Task<(RunningOrchestrator Leader, RunningOrchestrator Survivor)> LeaderAndSurvivorAsync()
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var pid = await ScalarAsync<long?>(
                    "SELECT r.pid FROM leader_terms t JOIN runners r ON r.runner_id = t.holder WHERE t.expires_at > clock_timestamp()");
                if (pid == ServeA!.Id || pid == ServeB!.Id)
                {
                    return pid == ServeA.Id ? (ServeA, ServeB!) : (ServeB!, ServeA);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "no leader among the two runners within 10 s");
                await Task.Delay(100);
            }
        }

        /// <summary>The failover procedures the monitor decided: (hierarchy, state) of each.</summary>
        public async Task<List<(long Id, string Hierarchy, string State)>> DecisionsAsync() =>
            await QueryAsync(
                "SELECT id, hierarchy, state FROM procedures WHERE kind = 'failover' AND requested_by = 'monitor' ORDER BY id",
                r => (r.GetInt64(0), r.GetString(1), r.GetString(2)));

        public async Task<long> ActiveFailoversAsync() =>
            (await ScalarAsync<long?>("SELECT count(*) FROM procedures WHERE kind = 'failover' AND is_active")) ?? 0;

        /// <summary>The survivor holds a new epoch, acquired (database time) within one lease plus 2 s of the kill.</summary>
        public async Task SurvivorShouldLeadWithinOneLeasePlus2sAsync(RunningOrchestrator survivor, DateTimeOffset killedAt, ITestOutputHelper output)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var rows = await QueryAsync(
                    """
                    SELECT h.epoch, h.acquired_at FROM leader_terms t JOIN leader_term_history h ON h.role = t.role AND h.epoch = t.epoch
                      JOIN runners r ON r.runner_id = t.holder WHERE r.pid = @pid
                    """,
                    r => (Epoch: r.GetInt64(0), At: new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc))),
                    ("pid", (long)survivor.Id));
                if (rows.Count == 1)
                {
                    var took = rows[0].At - killedAt;
                    output.WriteLine($"the survivor leads with epoch {rows[0].Epoch}, {took.TotalSeconds:F1} s after the kill");
                    Assert.True(took <= Lease + TimeSpan.FromSeconds(2), $"the survivor led only {took.TotalSeconds:F1} s after the kill");
                    return;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the survivor did not lead within 15 s of the kill");
                await Task.Delay(100);
            }
        }

        /// <summary>
        /// One failover decision per hierarchy, completed; every audit row the monitor wrote carries the epoch of a term its
        /// holder held; the world has each hierarchy on node2 alone, no violation, no effect key replayed more than allowed;
        /// the chain verifies.
        /// </summary>
        public async Task EachHierarchyShouldBeFailedOverOnceAsync(ITestOutputHelper output, int replaysAllowed)
        {
            var clock = Stopwatch.StartNew();
            List<(long Id, string Hierarchy, string State)> decisions;
            while (true)
            {
                decisions = await DecisionsAsync();
                if (decisions.Count >= Hierarchies.Length && decisions.All(d => d.State == "Completed"))
                {
                    break;
                }

                // Generous: on two cores shared with other builds a failover of 30-odd steps on PostgreSQL can take 20 s.
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"the failovers did not complete within 45 s: {string.Join(", ", decisions)}");
                await Task.Delay(200);
            }

            output.WriteLine($"{Elapsed.Elapsed.TotalSeconds:F1} s: failovers completed");
            await Task.Delay(1200); // one more monitor round: a second decision would show now
            decisions = await DecisionsAsync();
            Assert.Equal(Hierarchies, decisions.Select(d => d.Hierarchy).Order(StringComparer.Ordinal));
            Assert.All(decisions, d => Assert.Equal("Completed", d.State));
            Assert.Equal(0, await ScalarAsync<long?>("SELECT count(*) FROM procedures WHERE kind <> 'failover'"));

            await ScalarAsync<int?>("SELECT audit_link_pending()"); // committed rows still pending are linked first, as the journal's reads do
            var monitorRows = await QueryAsync(
                """
                SELECT a.id, a.procedure_id, a.trigger_name, a.leader_epoch, a.leader_holder, h.holder
                  FROM audit_log a LEFT JOIN leader_term_history h ON h.epoch = a.leader_epoch
                 WHERE a.actor = 'monitor' AND (a.procedure_id IS NULL OR a.trigger_name = 'Requested') ORDER BY a.id
                """,
                r => (Id: r.GetInt64(0), Procedure: r.IsDBNull(1) ? (long?)null : r.GetInt64(1), Trigger: r.GetString(2),
                    Epoch: r.IsDBNull(3) ? (long?)null : r.GetInt64(3), Holder: r.IsDBNull(4) ? null : r.GetString(4), TermHolder: r.IsDBNull(5) ? null : r.GetString(5)));
            foreach (var row in monitorRows)
            {
                output.WriteLine($"audit #{row.Id} procedure #{row.Procedure} {row.Trigger}: epoch {row.Epoch} by {row.Holder}");
            }

            foreach (var decision in decisions)
            {
                Assert.Single(monitorRows, r => r.Procedure == decision.Id);
            }

            Assert.All(monitorRows, r => Assert.True(r.Epoch is not null && r.Holder is not null && r.Holder == r.TermHolder,
                $"audit #{r.Id} ({r.Trigger}) names epoch {r.Epoch} of {r.Holder}, which is not a term its writer held (held by {r.TermHolder})"));

            var verify = A.RunAsync("audit", "verify");
            var world = await A.WorldAsync();
            (await verify).ShouldExitWith(0);
            Assert.All(Hierarchies, h => Assert.Equal(["node2"], world.InServiceNodesOf(h)));
            Assert.Empty(world.Violations);
            world.ShouldReplayEachKeyAtMost(replaysAllowed, "leader killed");
            output.WriteLine($"{Elapsed.Elapsed.TotalSeconds:F1} s: checked");
        }

        private async Task<T?> ScalarAsync<T>(string sql)
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            var value = await command.ExecuteScalarAsync();
            return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
        }

        private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters)
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<T>();
            while (await reader.ReadAsync())
            {
                rows.Add(read(reader));
            }

            return rows;
        }

        /// <summary>Two hierarchies on node1 with services of their own (as TwoRunnersPostgresTests), checked every second, threshold 1.</summary>
        private static string MonitoredEverySecond(TempDataDir dir)
        {
            var path = Samples.TwoNodeTwoHierarchies(dir);
            var text = File.ReadAllText(path).ReplaceLineEndings("\n");
            var second = text.IndexOf("- name: exch2", StringComparison.Ordinal);
            var services = new[] { "RESvc", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "W3SVC" };
            var renamed = services.Aggregate(text[second..], (t, s) => t.Replace($"- name: {s}\n", $"- name: {s}2\n", StringComparison.Ordinal));
            var timed = text[..second].Replace("  # monitor-interval: 5\n  # failure-threshold: 3", "  monitor-interval: 1\n  failure-threshold: 1", StringComparison.Ordinal);
            Assert.Contains("monitor-interval: 1\n", timed, StringComparison.Ordinal);
            File.WriteAllText(path, timed + renamed);
            return path;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var serve in new[] { ServeA, ServeB })
            {
                if (serve is { HasExited: false })
                {
                    serve.Kill(); // a throwaway database: no clean stop needed, and it would cost the test seconds
                    await serve.WaitForExitAsync(TimeSpan.FromSeconds(10));
                }

                serve?.Dispose();
            }

            A.Dispose();
            B.Dispose();
        }
    }
}
