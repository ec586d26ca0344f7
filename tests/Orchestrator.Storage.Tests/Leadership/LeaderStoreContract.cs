using Microsoft.Extensions.Time.Testing;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Storage.Tests.Leadership;

/// <summary>
/// Issue 13 point 3: one leader for the single-instance roles, as every store provider must keep it — the term and its
/// epoch, the runners' heartbeats, and the fence on a leader's writes. A provider's test class derives from this (Skippable: a
/// provider whose server is missing reports its cases as skipped, with the reason).
/// </summary>
public abstract class LeaderStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private const string Role = LeaderRoles.Singletons;

    /// <summary>The provider's stores, on one new, empty, migrated database.</summary>
    protected abstract (ILeaderStore Leaders, IProcedureStore Procedures, IAuditJournal Audit, IMonitorCounterStore Counters) OpenStores();

    private (ILeaderStore Leaders, IProcedureStore Procedures, IAuditJournal Audit, IMonitorCounterStore Counters)? _stores;

    private ILeaderStore Leaders => (_stores ??= OpenStores()).Leaders;

    private IProcedureStore Procedures => (_stores ??= OpenStores()).Procedures;

    private IAuditJournal Audit => (_stores ??= OpenStores()).Audit;

    private IMonitorCounterStore Counters => (_stores ??= OpenStores()).Counters;

    private Task<LeaderTerm?> AskAsync(string holder, DateTimeOffset now, bool guarded = false) =>
        Leaders.TryAcquireOrRenewAsync(Role, holder, now, Lease, guarded, CancellationToken.None);

    [SkippableFact]
    public async Task TheFirstRunner_AcquiresEpochOne_AndRenewsIt_WhileAnotherIsRefused()
    {
        var first = await AskAsync("a", T0);
        var refused = await AskAsync("b", T0.AddSeconds(10));
        var renewed = await AskAsync("a", T0.AddSeconds(20));

        Assert.Equal(new LeaderTerm(Role, 1, "a", T0 + Lease), first);
        Assert.Null(refused);
        Assert.Equal(new LeaderTerm(Role, 1, "a", T0.AddSeconds(20) + Lease), renewed);
        Assert.Equal(renewed, await Leaders.GetTermAsync(Role, CancellationToken.None));
    }

    [SkippableFact]
    public async Task AnotherRunner_AcquiresTheTermOnceItExpired_WithTheNextEpoch_AndTheOldHolderCannotRenew()
    {
        await AskAsync("a", T0);
        var taken = await AskAsync("b", T0 + Lease + TimeSpan.FromMilliseconds(1));
        var late = await AskAsync("a", T0 + Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(2, taken!.Epoch);
        Assert.Equal("b", taken.Holder);
        Assert.Null(late);
    }

    [SkippableFact]
    public async Task AGuardedRunner_TakesALiveTermOver_WithTheNextEpoch()
    {
        await AskAsync("a", T0);
        var taken = await AskAsync("b", T0.AddSeconds(1), guarded: true);

        Assert.Equal(new LeaderTerm(Role, 2, "b", T0.AddSeconds(1) + Lease), taken);
    }

    [SkippableFact]
    public async Task AReleasedTerm_IsAcquiredAtOnce_ButAReleaseOfAnOldEpochChangesNothing()
    {
        var first = await AskAsync("a", T0);
        await Leaders.ReleaseAsync(first!, T0.AddSeconds(1), CancellationToken.None);
        var second = await AskAsync("b", T0.AddSeconds(1));
        await Leaders.ReleaseAsync(first!, T0.AddSeconds(2), CancellationToken.None); // stale: b's term stays

        Assert.Equal(2, second!.Epoch);
        Assert.Equal(second, await Leaders.GetTermAsync(Role, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Heartbeats_UpsertTheRunnersRow_AndACleanStopRemovesIt()
    {
        var runner = new RunnerRecord { RunnerId = "h:1:a", Host = "h", Pid = 1, StartedAt = T0, LastSeenAt = T0 };
        await Leaders.HeartbeatAsync(runner, CancellationToken.None);
        runner.LastSeenAt = T0.AddSeconds(10);
        await Leaders.HeartbeatAsync(runner, CancellationToken.None);
        await Leaders.HeartbeatAsync(new RunnerRecord { RunnerId = "h:2:b", Host = "h", Pid = 2, StartedAt = T0, LastSeenAt = T0.AddSeconds(5) }, CancellationToken.None);

        var listed = await Leaders.ListRunnersAsync(CancellationToken.None);
        Assert.Equal([("h:1:a", 1L, T0, T0.AddSeconds(10)), ("h:2:b", 2L, T0, T0.AddSeconds(5))], listed.Select(r => (r.RunnerId, r.Pid, r.StartedAt, r.LastSeenAt)));

        await Leaders.RemoveRunnerAsync("h:1:a", CancellationToken.None);
        Assert.Equal(["h:2:b"], (await Leaders.ListRunnersAsync(CancellationToken.None)).Select(r => r.RunnerId));
    }

    [SkippableFact]
    public async Task ForgettingRunners_RemovesOnlyThoseNotSeenSinceTheGivenInstant()
    {
        await Leaders.HeartbeatAsync(new RunnerRecord { RunnerId = "old", Host = "h", Pid = 1, StartedAt = T0, LastSeenAt = T0 }, CancellationToken.None);
        await Leaders.HeartbeatAsync(new RunnerRecord { RunnerId = "new", Host = "h", Pid = 2, StartedAt = T0, LastSeenAt = T0.AddMinutes(10) }, CancellationToken.None);

        Assert.Equal(1, await Leaders.ForgetRunnersAsync(T0.AddMinutes(5), CancellationToken.None));
        Assert.Equal(["new"], (await Leaders.ListRunnersAsync(CancellationToken.None)).Select(r => r.RunnerId));
    }

    [SkippableFact]
    public async Task AFencedLaunchAndAuditRow_AreWritten_UnderTheLiveEpoch()
    {
        var term = await AskAsync("a", T0);
        var clock = new FakeTimeProvider(T0.AddSeconds(1));
        using (LeaderFence.Enter(new LeaderFence(term!, clock)))
        {
            await CreateAsync("exch1");
            await Audit.AppendAsync(Row("exch2"), CancellationToken.None);
        }

        Assert.Single(await Procedures.ListActiveAsync(CancellationToken.None));
        Assert.Equal(2, (await Audit.ListAsync(new AuditQuery(), CancellationToken.None)).Count);
    }

    [SkippableFact]
    public async Task AFencedLaunchAndAuditRow_OfAnEpochTakenOver_AreRefused_AndNothingIsWritten()
    {
        var old = await AskAsync("a", T0);
        await AskAsync("b", T0 + Lease + TimeSpan.FromSeconds(1));
        var clock = new FakeTimeProvider(T0 + Lease + TimeSpan.FromSeconds(2));
        using (LeaderFence.Enter(new LeaderFence(old!, clock)))
        {
            var launch = await Assert.ThrowsAsync<StaleLeaderException>(() => CreateAsync("exch1"));
            await Assert.ThrowsAsync<StaleLeaderException>(() => Audit.AppendAsync(Row("exch2"), CancellationToken.None));
            Assert.Equal((1L, 2L), (launch.Epoch, launch.Stored!.Epoch));
        }

        Assert.Empty(await Procedures.ListActiveAsync(CancellationToken.None));
        Assert.Empty(await Audit.ListAsync(new AuditQuery(), CancellationToken.None));
    }

    [SkippableFact]
    public async Task AFencedWrite_OfAnExpiredTerm_IsRefused_EvenWhenNobodyTookItOver()
    {
        var term = await AskAsync("a", T0);
        var clock = new FakeTimeProvider(T0 + Lease + TimeSpan.FromSeconds(1));
        using (LeaderFence.Enter(new LeaderFence(term!, clock)))
        {
            await Assert.ThrowsAsync<StaleLeaderException>(() => Audit.AppendAsync(Row("exch1"), CancellationToken.None));
        }

        Assert.Empty(await Audit.ListAsync(new AuditQuery(), CancellationToken.None));
    }

    [SkippableFact]
    public async Task MonitorCounters_AreSavedUpdatedAndDeleted_AndLoadedBack()
    {
        await Counters.SaveAsync([new("exch1/node node1", 2, null), new("node2", null, T0), new("exch2/service IS", 1, null)], CancellationToken.None);
        await Counters.SaveAsync([new("exch1/node node1", 3, null), new("exch2/service IS", null, null)], CancellationToken.None);

        Assert.Equal([new MonitorCounter("exch1/node node1", 3, null), new MonitorCounter("node2", null, T0)], await Counters.LoadAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task AMonitorCounter_IsOneRow_WhateverTheCaseOfItsSubject()
    {
        await Counters.SaveAsync([new("Exch1/node NODE1", 2, null)], CancellationToken.None);
        await Counters.SaveAsync([new("exch1/node node1", 3, null)], CancellationToken.None);

        Assert.Equal([3], (await Counters.LoadAsync(CancellationToken.None)).Select(c => c.Failures));
        await Counters.SaveAsync([new("EXCH1/NODE NODE1", null, null)], CancellationToken.None);
        Assert.Empty(await Counters.LoadAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task MonitorCounters_OfAStaleLeader_AreRefused_AndNothingIsWritten()
    {
        var old = await AskAsync("a", T0);
        await AskAsync("b", T0 + Lease + TimeSpan.FromSeconds(1));
        using (LeaderFence.Enter(new LeaderFence(old!, new FakeTimeProvider(T0 + Lease + TimeSpan.FromSeconds(2)))))
        {
            await Assert.ThrowsAsync<StaleLeaderException>(() => Counters.SaveAsync([new("exch1/node node1", 3, null)], CancellationToken.None));
        }

        Assert.Empty(await Counters.LoadAsync(CancellationToken.None));
    }

    private static NewAuditEntry Row(string hierarchy) => new(T0, null, "monitor", hierarchy, null, null, "LivenessUnknown", "monitor", "because");

    private Task<long> CreateAsync(string hierarchy) => Procedures.CreateAsync(
        new NewProcedure("failover", hierarchy, "A", "node1", "node2", "monitor", "because", 1, T0), [new("A", "x.one", "node1", "t1", 10)],
        new NewAuditEntry(T0, null, "failover", hierarchy, null, "A", "Requested", "monitor", "because"), CancellationToken.None);
}
