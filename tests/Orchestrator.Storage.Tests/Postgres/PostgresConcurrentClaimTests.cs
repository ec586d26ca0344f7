using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Xunit.Abstractions;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Issue 13 point 3: several runners claiming steps on one PostgreSQL database, each on connections of its own — every
/// step is claimed once, no deadlock or serialization failure reaches a caller, and a zombie's commit is fenced.
/// </summary>
public sealed class PostgresConcurrentClaimTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private PostgresDatabase? _db;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    /// <summary>Procedures of <paramref name="steps"/> steps in one phase, all of them ready (parallel branches).</summary>
    private async Task<PostgresProcedureStore> ProceduresAsync(int procedures, int steps)
    {
        _db = await PostgresDatabase.CreateAsync();
        var store = new PostgresProcedureStore(_db.Connections);
        var plan = Enumerable.Range(1, steps).Select(i => new PlannedStep("A", $"x.s{i}", "node1", $"t{i}", 10)).ToList();
        for (var p = 0; p < procedures; p++)
        {
            await store.CreateAsync(
                new NewProcedure("test", $"exch{p}", "A", "node1", "node2", "alice", "because", 1, T0), plan,
                new NewAuditEntry(T0, null, "test", $"exch{p}", null, "A", "Requested", "alice", "because"), CancellationToken.None);
        }

        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("UPDATE procedure_steps SET status = 'ready', dispatched_by = NULL, dispatched_at = NULL");
        return store;
    }

    [SkippableFact]
    public async Task FourRunners_Over200ReadySteps_ClaimAndCommitEachExactlyOnce_WithoutDeadlockOrSerializationFailure()
    {
        const int Runners = 4, Procedures = 50, StepsEach = 4;
        _ = await ProceduresAsync(Procedures, StepsEach);
        var claims = new ConcurrentBag<(string Runner, long Procedure, int Seq, long Token)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        var runners = Enumerable.Range(1, Runners).Select(r => Task.Run(async () =>
        {
            // A runner of its own: its own pool, so its own connections, as a separate process would have.
            await using var connections = new PostgresConnectionFactory(_db!.ConnectionString);
            var store = new PostgresProcedureStore(connections);
            var worker = $"runner{r}";
            await start.Task;
            while (true)
            {
                var now = T0.AddSeconds(1);
                var ready = await store.FindDispatchableAsync(worker, now, now, CancellationToken.None);
                if (ready.Count == 0)
                {
                    return;
                }

                foreach (var step in ready) // every runner in the sweeper's order: they race for the same step each time
                {
                    if (await store.TryClaimStepAsync(step.ProcedureId, step.Seq, worker, now, Lease, CancellationToken.None) is not { } claimed)
                    {
                        continue; // another runner has it
                    }

                    claims.Add((worker, claimed.ProcedureId, claimed.Seq, claimed.ClaimToken));
                    await CommitDoneAsync(store, StepClaim.Of(claimed), worker, now);
                }
            }
        })).ToList();

        clock.Start();
        start.SetResult();
        await Task.WhenAll(runners); // a deadlock (40P01) or serialization failure (40001) would surface here as a PostgresException
        clock.Stop();

        var total = Procedures * StepsEach;
        output.WriteLine($"{Runners} runners claimed and committed {claims.Count} steps in {clock.ElapsedMilliseconds} ms: {claims.Count / clock.Elapsed.TotalSeconds:0} claims/s " +
                         $"(per runner: {string.Join(", ", claims.GroupBy(c => c.Runner).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))})");
        Assert.Equal(total, claims.Count);
        Assert.Equal(total, claims.Select(c => (c.Procedure, c.Seq)).Distinct().Count());
        Assert.All(claims, c => Assert.Equal(1L, c.Token));
        await using var connection = await _db!.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal((long)total, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM procedure_steps WHERE status = 'done' AND claim_token = 1"));
        Assert.Equal((long)(Procedures + total), await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log"));
        Assert.Null((await new PostgresAuditJournal(_db.Connections).VerifyAsync(CancellationToken.None)).FirstBrokenId);
    }

    [SkippableFact]
    public async Task AZombiesClaim_WhoseLeaseExpired_IsTakenOver_AndTheOldTokensCommit_IsRefused_AndChangesNothing()
    {
        var store = await ProceduresAsync(1, 1);
        var id = (await store.ListActiveAsync(CancellationToken.None)).Single().Id;
        var zombie = await store.TryClaimStepAsync(id, 1, "runner1", T0, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        await Task.Delay(100); // leases follow the database's clock: the zombie's expires in real time
        var live = await store.TryClaimStepAsync(id, 1, "runner2", T0.AddMilliseconds(51), Lease, CancellationToken.None);
        Assert.Equal((1L, 2L), (zombie!.ClaimToken, live!.ClaimToken));

        var version = (await store.GetAsync(id, CancellationToken.None))!.Version;
        var refused = await store.CommitTransitionAsync(Done(id, version, StepClaim.Of(zombie), "runner1", T0.AddMilliseconds(60)), CancellationToken.None);
        Assert.False(await store.RenewClaimAsync(StepClaim.Of(zombie), T0.AddMilliseconds(61), Lease, CancellationToken.None));

        Assert.Equal(TransitionOutcome.Stale, refused);
        var step = (await store.GetStepsAsync(id, CancellationToken.None)).Single();
        Assert.Equal(("running", "runner2", 2L), (step.Status, step.ClaimedBy, step.ClaimToken));
        Assert.Equal(version, (await store.GetAsync(id, CancellationToken.None))!.Version);

        var committed = await store.CommitTransitionAsync(Done(id, version, StepClaim.Of(live), "runner2", T0.AddMilliseconds(70)), CancellationToken.None);
        Assert.True(committed.Committed);
    }

    /// <summary>The runner's commit of its step as done, as the engine makes it: again on the procedure's next version when another runner's commit came first.</summary>
    private static async Task CommitDoneAsync(PostgresProcedureStore store, StepClaim claim, string worker, DateTimeOffset at)
    {
        for (var attempt = 1; ; attempt++)
        {
            var version = (await store.GetAsync(claim.ProcedureId, CancellationToken.None))!.Version;
            var outcome = await store.CommitTransitionAsync(Done(claim.ProcedureId, version, claim, worker, at), CancellationToken.None);
            if (outcome.Committed)
            {
                return;
            }

            Assert.False(outcome.Fenced, $"{worker}'s claim of step {claim.ProcedureId}/{claim.Seq} was taken over");
            Assert.True(attempt < 100, $"{worker} lost the race for procedure {claim.ProcedureId} {attempt} times");
        }
    }

    private static TransitionCommit Done(long id, long version, StepClaim claim, string worker, DateTimeOffset at) =>
        new(id, "A", version, "A", true, null, null, [new StepChange(claim.Seq, "done")],
            [new NewAuditEntry(at, id, "test", null, "A", "A", $"StepDone {claim.Seq}", worker, "done")], null, at, HeldClaim: claim);
}
