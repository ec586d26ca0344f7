using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Issue 13 point 1 on PostgreSQL: a lease is set and compared by the database's clock, not the runner's, so runners
/// whose clocks disagree by minutes never both hold a live claim (the runner's clock is passed and not used for leases).
/// On the migrated schema as production has it (the contract tests give their databases the caller's clock instead).
/// </summary>
public sealed class PostgresLeaseClockTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(10);
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

    private async Task<(PostgresProcedureStore Steps, PostgresReplicaUpdateStore Batches)> StoresAsync()
    {
        _db = await PostgresDatabase.CreateAsync();
        return (new PostgresProcedureStore(_db.Connections), new PostgresReplicaUpdateStore(_db.Connections));
    }

    private static Task<long> CreateAsync(PostgresProcedureStore store, DateTimeOffset at) => store.CreateAsync(
        new NewProcedure("test", "exch1", "A", "node1", "node2", "alice", "because", 1, at), [new("A", "x.one", "node1", "t1", 10), new("A", "x.two", "node1", "t2", 10)],
        new NewAuditEntry(at, null, "test", "exch1", null, "A", "Requested", "alice", "because"), CancellationToken.None);

    [SkippableTheory]
    [InlineData(10)] // the other runner's clock is 10 minutes ahead: the live claim looks expired to it
    [InlineData(-10)] // the holder's clock is 10 minutes behind: its lease looked expired on arrival
    public async Task ARunnerWhoseClockDisagreesByMinutes_CannotTakeALiveStepClaim_NorRenewTheTakenOne(int holderBehindMinutes)
    {
        var (store, _) = await StoresAsync();
        var real = DateTimeOffset.UtcNow;
        var (holderNow, otherNow) = holderBehindMinutes > 0 ? (real, real + Skew) : (real - Skew, real);
        var id = await CreateAsync(store, real);

        var held = await store.TryClaimStepAsync(id, 1, "w1", holderNow, Lease, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await store.TryClaimStepAsync(id, 1, "w2", otherNow, Lease, CancellationToken.None));
        Assert.DoesNotContain(await store.FindDispatchableAsync("w2", otherNow, otherNow, CancellationToken.None), s => s.ProcedureId == id && s.Seq == 1);
        Assert.True(await store.RenewClaimAsync(StepClaim.Of(held), holderNow, Lease, CancellationToken.None));
        Assert.Null(await store.TryClaimStepAsync(id, 1, "w2", otherNow, Lease, CancellationToken.None));
    }

    [SkippableFact]
    public async Task ARunnerWhoseClockIsTenMinutesAhead_CannotTakeALiveBatchClaim()
    {
        var (steps, batches) = await StoresAsync();
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
            [["pf01"]], 1), CancellationToken.None));

        Assert.NotNull(await batches.TryClaimBatchAsync(update.Id, 1, "w1", real, Lease, MoveKinds, CancellationToken.None));
        Assert.Null(await batches.TryClaimBatchAsync(update.Id, 1, "w2", real + Skew, Lease, MoveKinds, CancellationToken.None));
        Assert.Empty((await batches.SchedulableBatchesAsync(update.Id, "w2", real + Skew, real + Skew, 10, CancellationToken.None)).Due);
        Assert.True(await batches.OthersRunningAsync("exch1", 0, real + Skew, CancellationToken.None));
    }

    [SkippableFact]
    public async Task AnExpiredLease_IsTakenOver_ByTheDatabasesClock_WhateverTheRunnersSay()
    {
        var (store, _) = await StoresAsync();
        var real = DateTimeOffset.UtcNow;
        var id = await CreateAsync(store, real);
        Assert.NotNull(await store.TryClaimStepAsync(id, 1, "w1", real, TimeSpan.FromMilliseconds(200), CancellationToken.None));
        await Task.Delay(TimeSpan.FromMilliseconds(400));

        var takeover = await store.TryClaimStepAsync(id, 1, "w2", real - Skew, Lease, CancellationToken.None); // its clock far behind
        Assert.Equal(2L, takeover?.ClaimToken);
    }
}
