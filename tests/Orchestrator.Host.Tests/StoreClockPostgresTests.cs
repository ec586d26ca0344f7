using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.Host.Tests;

/// <summary>
/// Issue 13 point 1 on PostgreSQL: a runner whose own clock is 10 minutes off judges "now" by the database's clock once
/// its runtime has started — MAXWAIT from a step's first start, the monitor's "healthy since", the world's ready times all
/// read it — as every other runner on the database does.
/// </summary>
public sealed class StoreClockPostgresTests
{
    [SkippableTheory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task ARunnerWhoseClockIsMinutesOff_JudgesNowByTheDatabase_OnceItsRuntimeStarted(int skewMinutes)
    {
        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        var connection = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrchestrator(new OrchestratorOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "orch-clock-" + Guid.NewGuid().ToString("N")[..8]),
            RunsJobs = true,
            Store = new StoreSelection(StoreKind.Postgres, connection),
            LocalClock = new ShiftedClock(TimeSpan.FromMinutes(skewMinutes)),
        });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStoreSchema>().Migrate();
        var time = provider.GetRequiredService<TimeProvider>();
        Assert.True((time.GetUtcNow() - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(9)); // before: the runner's own clock

        var runtime = provider.GetRequiredService<OrchestratorRuntime>();
        await runtime.StartAsync(CancellationToken.None);
        try
        {
            await using var db = new NpgsqlConnection(connection);
            var databaseNow = new DateTimeOffset(DateTime.SpecifyKind(await db.ExecuteScalarAsync<DateTime>("SELECT now()"), DateTimeKind.Utc));
            var runnerNow = time.GetUtcNow();
            Assert.True((runnerNow - databaseNow).Duration() < TimeSpan.FromSeconds(1), $"runner {runnerNow:O}, database {databaseNow:O}");
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }

    /// <summary>The system clock, shifted: a host whose clock is off.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
