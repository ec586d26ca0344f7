using Dapper;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Tests.Leadership;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>The leader contract on PostgreSQL (each case on a database of its own); skipped, with the reason, without the server.</summary>
public sealed class PostgresLeaderStoreTests : LeaderStoreContract, IAsyncLifetime
{
    private PostgresDatabase? _db;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            _db = await PostgresDatabase.CreateAsync();
            await _db.UseCallerClockAsync(); // the contract simulates time (heartbeats, audit rows)
        }
    }

    protected override (ILeaderStore Leaders, IProcedureStore Procedures, IAuditJournal Audit, IMonitorCounterStore Counters) OpenStores()
    {
        Skip.If(_db is null, PostgresServer.MissingReason);
        var c = _db!.Connections;
        return (new PostgresLeaderStore(c), new PostgresProcedureStore(c), new PostgresAuditJournal(c), new PostgresMonitorCounterStore(c));
    }

    /// <summary>Runners asking for a term nobody ever held, at once on connections of their own: exactly one gets epoch 1.</summary>
    [SkippableFact]
    public async Task RunnersAskingAtOnce_ForATermNeverHeld_OneAcquiresIt_AndTheOthersAreRefused()
    {
        _ = OpenStores();
        var t0 = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asks = Enumerable.Range(1, 4).Select(r => Task.Run(async () =>
        {
            await using var connections = new PostgresConnectionFactory(_db!.ConnectionString);
            await start.Task;
            return await new PostgresLeaderStore(connections).TryAcquireOrRenewAsync(LeaderRoles.Singletons, $"r{r}", t0, TimeSpan.FromSeconds(30), false, CancellationToken.None);
        })).ToList();
        start.SetResult();
        var terms = await Task.WhenAll(asks);

        var winner = Assert.Single(terms, t => t is not null);
        Assert.Equal(1L, winner!.Epoch);
        Assert.Equal(winner, await OpenStores().Leaders.GetTermAsync(LeaderRoles.Singletons, CancellationToken.None));
    }

    /// <summary>
    /// The fence reads the term FOR SHARE: a fenced write that meets a takeover in flight waits for it, then sees its
    /// committed epoch and is refused (a plain read would see the old row and commit under a replaced term).
    /// </summary>
    [SkippableFact]
    public async Task AFencedWrite_MeetingATakeoverInFlight_WaitsForIt_AndIsRefusedOnceItCommits()
    {
        var (leaders, _, audit, _) = OpenStores();
        var t0 = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var term = await leaders.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "a", t0, TimeSpan.FromSeconds(30), false, CancellationToken.None);

        await using var takeover = await _db!.Connections.OpenAsync(CancellationToken.None);
        await using var tx = await takeover.BeginTransactionAsync();
        await takeover.ExecuteAsync("UPDATE leader_terms SET epoch = epoch + 1, holder = 'b' WHERE role = @role", new { role = LeaderRoles.Singletons }, tx);
        Task append;
        using (LeaderFence.Enter(new LeaderFence(term!, new FakeTimeProvider(t0.AddSeconds(1)))))
        {
            append = audit.AppendAsync(new NewAuditEntry(t0, null, "monitor", "exch1", null, null, "LivenessUnknown", "monitor", "because"), CancellationToken.None);
        }

        await Task.Delay(300);
        Assert.False(append.IsCompleted, "the fenced write did not wait for the takeover's lock");
        await tx.CommitAsync();

        var refused = await Assert.ThrowsAsync<StaleLeaderException>(() => append);
        Assert.Equal(2L, refused.Stored!.Epoch);
        Assert.Empty(await audit.ListAsync(new AuditQuery(), CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}
