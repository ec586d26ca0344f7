using Npgsql;
using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Providers;

/// <summary>Issue 13, partition: the server ends a session left idle in a transaction unless the connection string says otherwise.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void AConnectionStringWithoutOptions_GetsTheIdleInTransactionLimit()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db1;Database=orch;Username=orch;Password=secret"));

        Assert.Equal("-c idle_in_transaction_session_timeout=10000", applied.Options);
        Assert.Equal(("db1", "orch", "orch", "secret"), (applied.Host, applied.Database, applied.Username, applied.Password));
    }

    [Fact]
    public void OptionsOfItsOwn_AreKept_AndTheLimitIsAdded()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db1;Options=-c search_path=orch"));

        Assert.Equal("-c search_path=orch -c idle_in_transaction_session_timeout=10000", applied.Options);
    }

    [Fact]
    public void ALimitOfItsOwn_IsLeftAsGiven()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db1;Options=-c idle_in_transaction_session_timeout=60000"));

        Assert.Equal("-c idle_in_transaction_session_timeout=60000", applied.Options);
    }

    [Fact]
    public void TheStoresPool_SkipsTheSessionReset_HangfiresKeepsIt_AndAStringThatSaysOtherwiseIsObeyed()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.ForStores("Host=db1;Database=orch")).NoResetOnClose);
        Assert.Equal("-c idle_in_transaction_session_timeout=10000", new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.ForStores("Host=db1")).Options);
        Assert.False(new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db1;Database=orch")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.ForStores("Host=db1;No Reset On Close=false")).NoResetOnClose);
    }
}
