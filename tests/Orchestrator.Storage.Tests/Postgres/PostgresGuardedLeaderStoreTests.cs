using Dapper;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>
/// Issue 13 point 3, the production leader store on PostgreSQL (<see cref="PostgresLeaderStore.Guarded"/>): a runner asks
/// only while it holds the advisory lock, another runner's term is taken only once it expired in database time, a lost
/// lock session ends the own term's renewal (the next acquisition is a new epoch), and every audit row of a fenced
/// transaction names its epoch and holder. Skipped, with the reason, without PostgreSQL.
/// </summary>
public sealed class PostgresGuardedLeaderStoreTests : IAsyncLifetime
{
    private const string Role = LeaderRoles.Singletons;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    // A runner's clock a year off: a guarded store must not care.
    private static readonly DateTimeOffset SkewedNow = DateTimeOffset.UtcNow.AddYears(-1);

    private PostgresDatabase? _db;

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            _db = await PostgresDatabase.CreateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private PostgresDatabase Db
    {
        get
        {
            Skip.If(_db is null, PostgresServer.MissingReason);
            return _db!;
        }
    }

    private static Task<LeaderTerm?> AskAsync(PostgresLeaderStore store, string holder) =>
        store.TryAcquireOrRenewAsync(Role, holder, SkewedNow, Lease, guarded: false, CancellationToken.None);

    [SkippableFact]
    public async Task OnlyTheLockHolderAsks_InDatabaseTime_AndAnotherTakesTheTermOnlyOnceItExpired_AfterTheLockIsFreed()
    {
        await using var a = PostgresLeaderStore.Guarded(new PostgresConnectionFactory(Db.ConnectionString));
        await using var b = PostgresLeaderStore.Guarded(new PostgresConnectionFactory(Db.ConnectionString));

        var first = await AskAsync(a, "a");
        Assert.NotNull(first);
        Assert.Equal(1, first!.Epoch);
        Assert.True(first.DatabaseTime);
        Assert.InRange(first.ExpiresAt, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + Lease + TimeSpan.FromSeconds(1)); // not the skewed clock
        Assert.Null(await AskAsync(b, "b")); // no lock

        await TerminateAsync(a.GuardBackendPid(Role)!.Value); // a's session is gone (as when its process is killed)
        Assert.Null(await AskAsync(b, "b")); // the lock now, but a's term still runs
        Assert.NotNull(b.GuardBackendPid(Role));
        Assert.Null(await AskAsync(a, "a")); // a cannot renew: b holds the lock

        await Task.Delay(first.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));
        var taken = await AskAsync(b, "b");
        Assert.Equal(2, taken!.Epoch);
        Assert.Equal("b", taken.Holder);
        Assert.Equal([(1L, "a"), (2L, "b")], await HistoryAsync());
    }

    [SkippableFact]
    public async Task TheHolder_RenewsWhileItsLockSessionLasts_AndAfterLosingIt_TakesTheNextEpoch()
    {
        await using var a = PostgresLeaderStore.Guarded(new PostgresConnectionFactory(Db.ConnectionString));

        var first = await AskAsync(a, "a");
        var renewed = await AskAsync(a, "a");
        Assert.Equal(1, renewed!.Epoch);
        Assert.True(renewed.ExpiresAt >= first!.ExpiresAt);

        await TerminateAsync(a.GuardBackendPid(Role)!.Value);
        var next = await AskAsync(a, "a");
        Assert.Equal(2, next!.Epoch);
    }

    [SkippableFact]
    public async Task AFencedAuditRow_NamesItsEpochAndHolder_AndAnUnfencedOneNeither()
    {
        var store = PostgresLeaderStore.Guarded(Db.Connections);
        await using var _ = store;
        var audit = new PostgresAuditJournal(Db.Connections);
        var term = await AskAsync(store, "a");
        using (LeaderFence.Enter(new LeaderFence(term!, new FakeTimeProvider(SkewedNow))))
        {
            await audit.AppendAsync(new NewAuditEntry(DateTimeOffset.UtcNow, null, "monitor", "exch1", null, null, "LivenessUnknown", "monitor", "because"), CancellationToken.None);
        }

        await audit.AppendAsync(new NewAuditEntry(DateTimeOffset.UtcNow, null, "operator", "exch1", null, null, "Switchover", "operator", "asked"), CancellationToken.None);

        await Db.Connections.AuditLinker.LinkAsync(CancellationToken.None); // linked after their commits: the stamp is the writer's, not the linker's
        await using var connection = await Db.Connections.OpenAsync(CancellationToken.None);
        var rows = (await connection.QueryAsync<(string Actor, long? Epoch, string? Holder)>("SELECT actor, leader_epoch, leader_holder FROM audit_log ORDER BY id")).ToList();
        Assert.Equal([("monitor", (long?)1, (string?)"a"), ("operator", null, null)], rows);
        Assert.Null((await audit.VerifyAsync(CancellationToken.None)).FirstBrokenId);
    }

    private async Task TerminateAsync(int pid)
    {
        await using var admin = await Db.Connections.OpenAsync(CancellationToken.None);
        await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 5000)", admin);
        kill.Parameters.AddWithValue("pid", pid);
        Assert.Equal(true, await kill.ExecuteScalarAsync());
    }

    private async Task<List<(long Epoch, string Holder)>> HistoryAsync()
    {
        await using var connection = await Db.Connections.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<(long, string)>("SELECT epoch, holder FROM leader_term_history WHERE role = @Role ORDER BY epoch", new { Role })).ToList();
    }
}
