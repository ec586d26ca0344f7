using Npgsql;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Postgres;

/// <summary>Issue 13 point 3: the advisory-lock guard on PostgreSQL — one holder per role, freed when its session drops.</summary>
public sealed class PostgresLeaderGuardTests : IAsyncLifetime
{
    private PostgresDatabase? _db;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task TwoGuards_OnOneDatabase_OnlyOneHoldsIt_AndTerminatingTheHoldersConnection_FreesIt()
    {
        _db = await PostgresDatabase.CreateAsync();
        await using var first = new PostgresLeaderGuard(_db.ConnectionString, LeaderRoles.Singletons);
        await using var second = new PostgresLeaderGuard(_db.ConnectionString, LeaderRoles.Singletons);

        Assert.True(await first.TryAcquireAsync(CancellationToken.None));
        Assert.False(await second.TryAcquireAsync(CancellationToken.None));
        Assert.True(await first.IsHeldAsync(CancellationToken.None));
        Assert.False(await second.IsHeldAsync(CancellationToken.None));

        await using (var admin = await _db.Connections.OpenAsync(CancellationToken.None))
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 5000)", admin))
        {
            kill.Parameters.AddWithValue("pid", first.BackendPid!.Value);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        Assert.False(await first.IsHeldAsync(CancellationToken.None));
        Assert.True(await second.TryAcquireAsync(CancellationToken.None));
        Assert.False(await first.TryAcquireAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task AReleasedGuard_IsTakenByTheNext_AndAnotherRolesGuard_IsIndependent()
    {
        _db = await PostgresDatabase.CreateAsync();
        await using var first = new PostgresLeaderGuard(_db.ConnectionString, LeaderRoles.Singletons);
        await using var second = new PostgresLeaderGuard(_db.ConnectionString, LeaderRoles.Singletons);
        await using var other = new PostgresLeaderGuard(_db.ConnectionString, "another-role");

        Assert.True(await first.TryAcquireAsync(CancellationToken.None));
        Assert.True(await other.TryAcquireAsync(CancellationToken.None));
        await first.ReleaseAsync();

        Assert.False(await first.IsHeldAsync(CancellationToken.None));
        Assert.True(await second.TryAcquireAsync(CancellationToken.None));
        Assert.True(await other.IsHeldAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task AHolderThatStopsTouchingItsSession_LosesTheLockAfterTheIdleLimit_AndAnotherGuardTakesIt()
    {
        // A partitioned leader's session stays open on the server (its peer may still answer TCP keepalives): only the
        // server's idle limit frees the lock, so that another runner can lead.
        _db = await PostgresDatabase.CreateAsync();
        var idleLimit = TimeSpan.FromMilliseconds(1500);
        await using var holder = new PostgresLeaderGuard(_db.ConnectionString, LeaderRoles.Singletons, idleLimit);
        await using var other = new PostgresLeaderGuard(_db.ConnectionString, LeaderRoles.Singletons, idleLimit);
        Assert.True(await holder.TryAcquireAsync(CancellationToken.None));

        // Touched more often than the limit (as the leader's ticks do), the session and its lock stay.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(idleLimit / 3);
            Assert.True(await holder.TryAcquireAsync(CancellationToken.None));
            Assert.False(await other.TryAcquireAsync(CancellationToken.None));
        }

        var pid = holder.BackendPid!.Value;
        await Task.Delay(idleLimit * 2); // silent, as a partitioned holder

        await using (var admin = await _db.Connections.OpenAsync(CancellationToken.None))
        await using (var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", admin))
        {
            alive.Parameters.AddWithValue("pid", pid);
            Assert.Equal(0L, await alive.ExecuteScalarAsync()); // the server ended the session itself
        }

        Assert.True(await other.TryAcquireAsync(CancellationToken.None));
        Assert.False(await holder.IsHeldAsync(CancellationToken.None));
        Assert.False(await holder.TryAcquireAsync(CancellationToken.None));
    }
}
