using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Host.Leadership;
using Orchestrator.Storage;
using Orchestrator.Storage.Leadership;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// Issue 13: a term held under the database's session lock (<see cref="LeaderTerm.DatabaseTime"/>, PostgreSQL) ends at the
/// first tick that cannot reach the store — the lock's session is unproven, another runner may hold the lock already —
/// where a term without that guard is kept until its expiry. The store is the real (SQLite) one behind a switch that
/// makes it unreachable (or never answer), its terms marked as the PostgreSQL store marks them.
/// </summary>
public sealed class LeaderElectionStepDownTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATickThatCannotReachTheStore_EndsADatabaseTimeTermAtOnce_ButKeepsAnUnguardedOneUntilItsExpiry(bool databaseTime)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false, time: clock);
        var store = new SwitchableLeaderStore(o.Get<ILeaderStore>(), databaseTime);
        var options = new EngineOptions { ClaimLease = TimeSpan.FromSeconds(30) };
        var election = new LeaderElection(store, new WorkerIdentity(), options, new LeaderElectionOptions { Guarded = false }, Outage(clock), clock, NullLogger<LeaderElection>.Instance);

        var term = await election.TickAsync(CancellationToken.None);
        Assert.Equal(databaseTime, term!.DatabaseTime);

        store.Unreachable = true;
        clock.Advance(election.Renewal);
        var after = await election.TickAsync(CancellationToken.None);

        Assert.Equal(databaseTime ? null : term, after);
        Assert.Equal(databaseTime ? null : term, election.Term);
    }

    [Fact]
    public async Task ARenewalOfADatabaseTimeTerm_ThatDoesNotAnswerWithinOneRenewal_EndsTheTerm()
    {
        await using var o = await TestOrchestrator.StartAsync(runsJobs: false);
        var store = new SwitchableLeaderStore(o.Get<ILeaderStore>(), databaseTime: true);
        var options = new EngineOptions { ClaimLease = TimeSpan.FromMilliseconds(600) }; // renewed every 200 ms
        var election = new LeaderElection(store, new WorkerIdentity(), options, new LeaderElectionOptions { Guarded = false }, Outage(TimeProvider.System), TimeProvider.System, NullLogger<LeaderElection>.Instance);
        Assert.NotNull(await election.TickAsync(CancellationToken.None));

        store.Hangs = true; // a partition: the calls never answer
        var tick = election.TickAsync(CancellationToken.None);
        var first = await Task.WhenAny(tick, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(tick, first);
        Assert.Null(await tick);
        Assert.Null(election.Term);
    }

    private sealed class SwitchableLeaderStore(ILeaderStore inner, bool databaseTime) : ILeaderStore
    {
        public bool Unreachable { get; set; }

        public bool Hangs { get; set; }

        private async Task ThrowIfUnreachableAsync(CancellationToken cancellationToken)
        {
            if (Hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Unreachable)
            {
                throw new InvalidOperationException("database unavailable");
            }
        }

        public async Task<LeaderTerm?> TryAcquireOrRenewAsync(string role, string holder, DateTimeOffset now, TimeSpan lease, bool guarded, CancellationToken cancellationToken)
        {
            await ThrowIfUnreachableAsync(cancellationToken);
            var term = await inner.TryAcquireOrRenewAsync(role, holder, now, lease, guarded, cancellationToken);
            return term is null ? null : term with { DatabaseTime = databaseTime };
        }

        public Task ReleaseAsync(LeaderTerm term, DateTimeOffset now, CancellationToken cancellationToken) => inner.ReleaseAsync(term, now, cancellationToken);

        public Task<LeaderTerm?> GetTermAsync(string role, CancellationToken cancellationToken) => inner.GetTermAsync(role, cancellationToken);

        public async Task HeartbeatAsync(RunnerRecord runner, CancellationToken cancellationToken)
        {
            await ThrowIfUnreachableAsync(cancellationToken);
            await inner.HeartbeatAsync(runner, cancellationToken);
        }

        public Task RemoveRunnerAsync(string runnerId, CancellationToken cancellationToken) => inner.RemoveRunnerAsync(runnerId, cancellationToken);

        public Task<int> ForgetRunnersAsync(DateTimeOffset notSeenSince, CancellationToken cancellationToken) => inner.ForgetRunnersAsync(notSeenSince, cancellationToken);

        public Task<IReadOnlyList<RunnerRecord>> ListRunnersAsync(CancellationToken cancellationToken) => inner.ListRunnersAsync(cancellationToken);
    }

    private static StoreOutage Outage(TimeProvider time) => new(LocalStoreAvailability.Instance, time, NullLogger<StoreOutage>.Instance);
}
