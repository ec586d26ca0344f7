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
}
