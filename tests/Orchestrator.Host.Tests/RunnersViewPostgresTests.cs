using Microsoft.Extensions.Time.Testing;
using Orchestrator.Host.Leadership;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Host.Tests;

/// <summary>
/// Issue 13 point 1: <c>cluster runners</c> on PostgreSQL judges heartbeats by the database's clock, which dates them, so
/// neither the runner's clock nor the reader's makes a live runner look silent (or a silent one live).
/// </summary>
public sealed class RunnersViewPostgresTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(10);

    private static async Task<PostgresConnectionFactory> MigratedAsync()
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var connections = new PostgresConnectionFactory(await (await PostgresServer.GetAsync()).CreateDatabaseAsync());
        PostgresMigrator.Migrate(connections);
        return connections;
    }

    [SkippableTheory]
    [InlineData(-10, 0)] // the runner's clock 10 minutes behind, the reader's right
    [InlineData(0, 10)] // the reader's clock 10 minutes ahead
    public async Task ARunnerThatJustBeat_IsListedAlive_WhateverTheRunnersOrTheReadersClockSays(int runnerSkewMinutes, int readerSkewMinutes)
    {
        await using var connections = await MigratedAsync();
        var store = new PostgresLeaderStore(connections);
        var runnerNow = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(runnerSkewMinutes);
        await store.HeartbeatAsync(new RunnerRecord { RunnerId = "r1", Host = "h1", Pid = 1, StartedAt = runnerNow, LastSeenAt = runnerNow }, CancellationToken.None);

        var reader = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(readerSkewMinutes));
        var view = await RunnersView.ReadAsync(store, reader, Lease, CancellationToken.None);

        var runner = Assert.Single(view.Runners);
        Assert.False(runner.Silent);
        Assert.True(runner.AgeSeconds < 2, $"age {runner.AgeSeconds} s");
    }

    [SkippableFact]
    public async Task ARunnerSilentForMoreThanALease_IsListedSilent_EvenByAReaderTenMinutesBehind()
    {
        await using var connections = await MigratedAsync();
        var store = new PostgresLeaderStore(connections);
        await store.HeartbeatAsync(new RunnerRecord { RunnerId = "r1", Host = "h1", Pid = 1, StartedAt = DateTimeOffset.UtcNow, LastSeenAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(1200));

        var view = await RunnersView.ReadAsync(store, new FakeTimeProvider(DateTimeOffset.UtcNow - Skew), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(Assert.Single(view.Runners).Silent);
    }
}
