using Dapper;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Issue 13 point 1 on PostgreSQL, beyond leases: every time that runners compare, or that the audit shows, is the
/// database's clock. A runner whose clock is 10 minutes off (ahead or behind; the database does not follow it, as in
/// production) dates audit rows, due times and heartbeats as the database's now, and a delay it gives is the delay meant.
/// </summary>
public sealed class PostgresDatabaseClockTests : IAsyncLifetime
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Close = TimeSpan.FromSeconds(1);
    private static readonly string[] MoveKinds = ["test"];
    private PostgresDatabase? _db;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private async Task<PostgresConnectionFactory> ConnectionsAsync()
    {
        _db = await PostgresDatabase.CreateAsync();
        return _db.Connections;
    }

    private static async Task<DateTimeOffset> DatabaseNowAsync(PostgresConnectionFactory connections)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        return new DateTimeOffset(DateTime.SpecifyKind(await connection.ExecuteScalarAsync<DateTime>("SELECT now()"), DateTimeKind.Utc));
    }

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset actual, TimeSpan within) =>
        Assert.True((actual - expected).Duration() <= within, $"{actual:O} is not within {within} of {expected:O}");

    private static Task<long> CreateAsync(IProcedureStore store, DateTimeOffset at) => store.CreateAsync(
        new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, at), [new("A", "x.one", "node1", "t1", 10), new("A", "x.two", "node1", "t2", 10)],
        new NewAuditEntry(at, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(PostgresConnectionFactory connections) =>
        await new PostgresAuditJournal(connections).ListAsync(new AuditQuery(), CancellationToken.None);

    [SkippableTheory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task AnAuditRow_AppendedByARunnerWhoseClockIsMinutesOff_IsDatedByTheDatabase_AndTheChainVerifies(int skewMinutes)
    {
        var connections = await ConnectionsAsync();
        var journal = new PostgresAuditJournal(connections);
        var runnerNow = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(skewMinutes);

        await journal.AppendAsync(new NewAuditEntry(runnerNow, null, "test", "exch1", null, null, "Note", "alice", "skewed"), CancellationToken.None);

        var row = Assert.Single(await AuditAsync(connections));
        AssertNear(await DatabaseNowAsync(connections), row.At, Close);
        Assert.Null((await journal.VerifyAsync(CancellationToken.None)).FirstBrokenId);
    }

    [SkippableFact]
    public async Task AProcedureCreated_AndEnded_ByARunnerTenMinutesAhead_IsDatedByTheDatabase_InTheStepCommitToo()
    {
        var connections = await ConnectionsAsync();
        IProcedureStore store = new PostgresProcedureStore(connections); // as the engine calls it
        var runnerNow = DateTimeOffset.UtcNow + Skew;
        var id = await CreateAsync(store, runnerNow);

        var outcome = await store.CommitTransitionAsync(new TransitionCommit(id, "A", 1, "Done", false, null, null, [new StepChange(1, StepStatus.Done)],
            [new NewAuditEntry(runnerNow, id, "test", "exch1", "A", "Done", "Tick", "alice", "moved")], new PlacementChange("exch1", "node2"), runnerNow), CancellationToken.None);

        Assert.True(outcome.Committed);
        var databaseNow = await DatabaseNowAsync(connections);
        var procedure = await store.GetAsync(id, CancellationToken.None);
        AssertNear(databaseNow, procedure!.CreatedAt, Close);
        AssertNear(databaseNow, procedure.UpdatedAt, Close);
        AssertNear(databaseNow, procedure.CompletedAt!.Value, Close);
        AssertNear(databaseNow, (await store.GetStepsAsync(id, CancellationToken.None)).Single(s => s.Seq == 1).CompletedAt!.Value, Close);
        await using (var connection = await connections.OpenAsync(CancellationToken.None))
        {
            AssertNear(databaseNow, new DateTimeOffset(DateTime.SpecifyKind(
                await connection.ExecuteScalarAsync<DateTime>("SELECT since FROM hierarchy_placements WHERE hierarchy = 'exch1'"), DateTimeKind.Utc)), Close);
        }

        var rows = await AuditAsync(connections);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => AssertNear(databaseNow, r.At, Close));
        Assert.Null((await new PostgresAuditJournal(connections).VerifyAsync(CancellationToken.None)).FirstBrokenId);

        // Anti-flapping's window is judged by the same clock: a reader 10 minutes behind still finds it just created.
        var readerNow = await store.ClockAsync(DateTimeOffset.UtcNow - Skew, CancellationToken.None);
        AssertNear(databaseNow, readerNow, Close);
        Assert.Contains(await store.ListCreatedSinceAsync("exch1", readerNow - TimeSpan.FromMinutes(1), CancellationToken.None), p => p.Id == id);
    }

    [SkippableTheory]
    [InlineData(10, false)] // ahead: its backoff would have ended 10 minutes late
    [InlineData(-10, false)] // behind: its backoff would have ended 10 minutes ago, so at once
    [InlineData(10, true)] // a durable wait, as a backoff
    public async Task AStepGivenBack_ByARunnerWhoseClockIsMinutesOff_IsDueAfterItsDelay_ByTheDatabasesClock(int skewMinutes, bool wait)
    {
        var connections = await ConnectionsAsync();
        IProcedureStore store = new PostgresProcedureStore(connections); // as the engine calls it
        var real = DateTimeOffset.UtcNow;
        var id = await CreateAsync(store, real);
        var held = await store.TryClaimStepAsync(id, 1, "w1", real, Lease, CancellationToken.None);
        Assert.NotNull(held);

        var skewedNow = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(skewMinutes);
        var given = wait
            ? await store.RecordWaitAsync(StepClaim.Of(held), "the mirror", skewedNow, Backoff, CancellationToken.None)
            : await store.RecordFailedAttemptAsync(StepClaim.Of(held), "boom", skewedNow, Backoff, CancellationToken.None);
        Assert.True(given);
        var givenAt = DateTimeOffset.UtcNow;

        // A runner with a correct clock: not due yet...
        Assert.Null(await store.TryClaimStepAsync(id, 1, "w2", DateTimeOffset.UtcNow, Lease, CancellationToken.None));
        Assert.DoesNotContain(await store.FindDispatchableAsync("w2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, CancellationToken.None), s => s.ProcedureId == id);
        var step = (await store.GetStepsAsync(id, CancellationToken.None)).Single(s => s.Seq == 1);
        AssertNear(await DatabaseNowAsync(connections) + Backoff, step.NotBefore!.Value, Close);

        // ...and due once the delay has passed (not 10 minutes later).
        await Task.Delay(Backoff - (DateTimeOffset.UtcNow - givenAt) + TimeSpan.FromMilliseconds(300));
        Assert.Contains(await store.FindDispatchableAsync("w2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, CancellationToken.None), s => s.ProcedureId == id && s.Seq == 1);
        Assert.NotNull(await store.TryClaimStepAsync(id, 1, "w2", DateTimeOffset.UtcNow, Lease, CancellationToken.None));
    }

    [SkippableFact]
    public async Task AReplicaBatchRetried_ByARunnerTenMinutesAhead_IsDueAfterItsBackoff_ByTheDatabasesClock()
    {
        var connections = await ConnectionsAsync();
        var steps = new PostgresProcedureStore(connections);
        var batches = new PostgresReplicaUpdateStore(connections);
        var real = DateTimeOffset.UtcNow;
        var procedure = await CreateAsync(steps, real);
        var (update, _) = await batches.StartAsync(
            new NewReplicaUpdate(procedure, "exch1", "node1", "node2", "Planning", 10, 1, "alice", real),
            id => new NewAuditEntry(real, null, "replica-list-update", "exch1", null, "Planning", "Started", "alice", $"#{id}"),
            old => new NewAuditEntry(real, null, "replica-list-update", "exch1", old.State, "Superseded", "Superseded", "alice", "newer move"),
            CancellationToken.None);
        Assert.True(await batches.CommitPlanAsync(new ReplicaPlan(
            new ReplicaUpdateTransition(update.Id, "Planning", update.Version, "Running", true,
                [new NewAuditEntry(real, null, "replica-list-update", "exch1", "Planning", "Running", "Planned", "alice", "planned")], real),
            [["pf01", "pf02"]], 2), CancellationToken.None));
        var batch = await batches.TryClaimBatchAsync(update.Id, 1, "w1", real, Lease, MoveKinds, CancellationToken.None);
        Assert.NotNull(batch);

        var skewedNow = DateTimeOffset.UtcNow + Skew;
        var outcome = await batches.CheckpointAsync(new ReplicaCheckpoint(
            BatchClaim.Of(batch), "w1", 1, 1, ["pf02"], 2, skewedNow + Backoff, [], skewedNow, ClaimNext: false, Lease, MoveKinds), CancellationToken.None);
        Assert.True(outcome.Committed);
        var givenAt = DateTimeOffset.UtcNow;

        Assert.Empty((await batches.SchedulableBatchesAsync(update.Id, "w2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 10, CancellationToken.None)).Due);
        await Task.Delay(Backoff - (DateTimeOffset.UtcNow - givenAt) + TimeSpan.FromMilliseconds(300));
        Assert.Equal([2], (await batches.SchedulableBatchesAsync(update.Id, "w2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 10, CancellationToken.None)).Due);
    }

    [SkippableFact]
    public async Task ARunnerTenMinutesBehind_IsSeenNow_ByTheDatabasesClock_AndALeaderTenMinutesAheadDoesNotForgetIt()
    {
        var connections = await ConnectionsAsync();
        ILeaderStore leaders = new PostgresLeaderStore(connections); // as the host calls it
        var behind = DateTimeOffset.UtcNow - Skew;

        await leaders.HeartbeatAsync(new RunnerRecord { RunnerId = "r1", Host = "h1", Pid = 1, StartedAt = behind, LastSeenAt = behind }, CancellationToken.None);

        var databaseNow = await DatabaseNowAsync(connections);
        var runner = Assert.Single(await leaders.ListRunnersAsync(CancellationToken.None));
        AssertNear(databaseNow, runner.LastSeenAt, Close);
        AssertNear(databaseNow, await leaders.ClockAsync(DateTimeOffset.UtcNow + Skew, CancellationToken.None), Close);
        Assert.Equal(0, await leaders.ForgetRunnersAsync(DateTimeOffset.UtcNow + Skew, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Single(await leaders.ListRunnersAsync(CancellationToken.None));
    }
}
