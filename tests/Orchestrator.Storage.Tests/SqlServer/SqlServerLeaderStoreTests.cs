using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.SqlServer;
using Orchestrator.Storage.Tests.Leadership;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// The leader contract (terms, epochs, heartbeats, the fence on a leader's audit rows and counters) on SQL Server, each case
/// on a database of its own; skipped, with the reason, without ORCHESTRATOR_SQLSERVER.
/// </summary>
public sealed class SqlServerLeaderStoreTests : LeaderStoreContract, IAsyncLifetime
{
    private readonly SqlServerContractDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    protected override (ILeaderStore Leaders, IProcedureStore Procedures, IAuditJournal Audit, IMonitorCounterStore Counters) OpenStores()
    {
        var c = _db.Connections;
        return (new SqlServerLeaderStore(c), new SqlServerProcedureStore(c), new SqlServerAuditJournal(c), new SqlServerMonitorCounterStore(c));
    }

    /// <summary>Runners asking for a term nobody ever held, at once on connections of their own: exactly one gets epoch 1.</summary>
    [SkippableFact]
    public async Task RunnersAskingAtOnce_ForATermNeverHeld_OneAcquiresIt_AndTheOthersAreRefused()
    {
        var connections = _db.Connections;
        var t0 = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asks = Enumerable.Range(1, 4).Select(r => Task.Run(async () =>
        {
            await start.Task;
            return await new SqlServerLeaderStore(connections).TryAcquireOrRenewAsync(LeaderRoles.Singletons, $"r{r}", t0, TimeSpan.FromSeconds(30), false, CancellationToken.None);
        })).ToList();
        start.SetResult();
        var terms = await Task.WhenAll(asks);

        var winner = Assert.Single(terms, t => t is not null);
        Assert.Equal(1L, winner!.Epoch);
    }

    /// <summary>The guarded (production) store: the application lock is held by one store at a time, and the terms are in SQL Server's time.</summary>
    [SkippableFact]
    public async Task TheGuardedStore_HoldsTheApplicationLock_AndASecondRunnerIsRefusedWhileTheTermLives()
    {
        var connections = _db.Connections;
        await using var first = SqlServerLeaderStore.Guarded(connections);
        await using var second = SqlServerLeaderStore.Guarded(connections);
        var farFromTheServersClock = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var term = await first.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "a", farFromTheServersClock, TimeSpan.FromSeconds(30), false, CancellationToken.None);
        var refused = await second.TryAcquireOrRenewAsync(LeaderRoles.Singletons, "b", farFromTheServersClock, TimeSpan.FromSeconds(30), false, CancellationToken.None);

        Assert.NotNull(term);
        Assert.True(term.DatabaseTime);
        Assert.True(term.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(-5), "the term follows SQL Server's clock, not the caller's");
        Assert.Null(refused);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
