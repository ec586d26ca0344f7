using Npgsql;
using Orchestrator.Environment.PostgreSql;

namespace Orchestrator.Environment.Tests.World.Stores;

/// <summary>
/// The PostgreSQL world's pool (issue 13's storm): the stores' defaults (no session reset when a connection goes back to
/// the pool) and Npgsql's auto-prepare, each unless the connection string sets it.
/// </summary>
public sealed class PostgresWorldConnectionTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Database=orchestrator;Username=orchestrator";

    [Fact]
    public void The_world_pool_keeps_its_sessions_and_prepares_repeated_statements()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresWorldStateStore.PoolConnectionString(Plain));

        Assert.True(b.NoResetOnClose);
        Assert.Equal(PostgresWorldStateStore.MaxAutoPrepare, b.MaxAutoPrepare);
        Assert.Equal(2, b.AutoPrepareMinUsages);
        Assert.Contains("idle_in_transaction_session_timeout", b.Options, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_the_connection_string_makes_are_kept()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresWorldStateStore.PoolConnectionString(
            $"{Plain};No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=5"));

        Assert.False(b.NoResetOnClose);
        Assert.Equal(0, b.MaxAutoPrepare);
        Assert.Equal(5, b.AutoPrepareMinUsages);
    }
}
