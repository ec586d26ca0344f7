using Microsoft.Data.SqlClient;
using Orchestrator.Storage.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// What SQL Server's provider calls an outage, seen without a server: a connection nothing answers (port 1) is one, said
/// on one line naming host:port and never the connection string or its password; any other failure is not.
/// </summary>
public sealed class SqlServerAvailabilityTests
{
    private const string Secret = "s3cret-Pa55";

    [Fact]
    public async Task AServerNothingAnswersFor_IsAnOutageNamingHostAndPort_OnOneLine_WithoutThePassword()
    {
        var factory = new SqlServerConnectionFactory($"Server=127.0.0.1,1;Database=orch;User Id=sa;Password={Secret};Connect Timeout=2;Connect Retry Count=0");
        var availability = new SqlServerAvailability(factory);

        var refused = await Assert.ThrowsAsync<SqlException>(() => factory.OpenAsync(CancellationToken.None));
        var outage = availability.Unavailable(refused);

        Assert.NotNull(outage);
        Assert.Equal("127.0.0.1:1", outage.Endpoint);
        Assert.StartsWith("database unavailable (127.0.0.1:1): cannot connect (provider: TCP Provider, error: ", outage.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outage.Message);
        Assert.DoesNotContain(Secret, outage.Message, StringComparison.Ordinal);
        Assert.False(outage.Recovering);
        Assert.Same(outage, availability.Unavailable(outage));
        Assert.Null(availability.Unavailable(new InvalidOperationException("not a database failure")));
    }

    [Fact]
    public void DbCheck_OnAServerNothingAnswersFor_IsAnOutage_NotAStackOfSqlClientErrors()
    {
        var schema = new SqlServerStoreSchema(new SqlServerConnectionFactory($"Server=tcp:127.0.0.1,1;Database=orch;User Id=sa;Password={Secret};Connect Timeout=2;Connect Retry Count=0"));

        var outage = Assert.Throws<StoreUnavailableException>(() => schema.PendingMigrations());

        Assert.Equal("127.0.0.1:1", outage.Endpoint);
        Assert.Equal("SQL Server database orch on tcp:127.0.0.1,1", schema.Description);
    }

    [Theory]
    [InlineData("Server=db1;Database=orch", "db1:1433")]
    [InlineData("Data Source=tcp:db1.example.net,14330;Database=orch", "db1.example.net:14330")]
    [InlineData("Server=db1\\ORCH;Database=orch", "db1\\ORCH")]
    [InlineData("Server=(local);Database=orch", "localhost:1433")]
    [InlineData("this is not = a connection string;;==", "?")]
    public void TheEndpoint_IsHostAndPort_OfTheDataSource(string connection, string endpoint) =>
        Assert.Equal(endpoint, SqlServerConnectionFactory.Endpoint(connection));
}
