using Orchestrator.Storage.SqlServer;
using Orchestrator.Testing.SqlServer;

namespace Orchestrator.Storage.Tests.SqlServer;

/// <summary>
/// The SQL Server fixture's promises that hold without a server: the skip's reason when ORCHESTRATOR_SQLSERVER is unset,
/// and no message that prints the connection string's password.
/// </summary>
public sealed class SqlServerFixtureTests
{
    private const string Secret = "s3cret-Pa55";
    private const string WithPassword = $"Server=tcp:db1.example,1433;Database=orch;User ID=sa;Password={Secret};Encrypt=true";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void WithoutAServer_TheTestsAreSkipped_SayingWhy(string? value)
    {
        Assert.Equal(
            "ORCHESTRATOR_SQLSERVER is not set: SQL Server cannot run on this machine; set it to a server's connection string to run these tests",
            SqlServerDatabase.MissingReasonFor(value));
    }

    [Fact]
    public void AServerNamed_IsNoReasonToSkip() => Assert.Null(SqlServerDatabase.MissingReasonFor(WithPassword));

    [Fact]
    public void Descriptions_NameServerAndDatabase_NeverThePassword()
    {
        foreach (var text in new[] { SqlServerDatabase.Describe(WithPassword), SqlServerConnectionFactory.Describe(WithPassword), new SqlServerConnectionFactory(WithPassword).Describe() })
        {
            Assert.Contains("db1.example", text, StringComparison.Ordinal);
            Assert.Contains("orch", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData($"Server=db1;Password={Secret};NoSuchKeyword=1")]
    [InlineData($"Server=db1;Password='{Secret}")]
    public async Task AConnectionStringThatDoesNotParse_IsRefused_WithoutQuotingIt(string broken)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SqlServerDatabase.CreateAsync(broken));
        Assert.Contains("ORCHESTRATOR_SQLSERVER is not a SQL Server connection string", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, SqlServerDatabase.Describe(broken), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, SqlServerConnectionFactory.Describe(broken), StringComparison.Ordinal);
    }
}
