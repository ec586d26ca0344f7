using Orchestrator.Storage.PostgreSql;

namespace Orchestrator.Storage.Tests.Providers;

public sealed class ConnectionStringsTests
{
    [Theory]
    [InlineData("Host=db1;Port=5433;Database=orch;Username=orch;Password=s3cr3t-pw")]
    [InlineData("host=db1; port=5433; database=orch; user id=orch; pwd='s3cr3t-pw'")]
    [InlineData("postgres://orch:s3cr3t-pw@db1:5433/orch")]
    [InlineData("postgresql://orch:s3cr3t-pw@db1:5433/orch?sslmode=disable")]
    public void Redact_HidesThePassword_AndKeepsWhereTheDatabaseIs(string connection)
    {
        var redacted = ConnectionStrings.Redact(connection);
        Assert.DoesNotContain("s3cr3t-pw", redacted, StringComparison.Ordinal);
        Assert.Contains("***", redacted, StringComparison.Ordinal);
        Assert.Contains("db1", redacted, StringComparison.Ordinal);
        Assert.Equal("db1:5433", ConnectionStrings.Endpoint(connection));
    }

    [Fact]
    public void Redact_OfAStringItCannotRead_ShowsNothingOfIt()
    {
        var redacted = ConnectionStrings.Redact("Host=db1;Password='s3cr3t-pw;broken");
        Assert.DoesNotContain("s3cr3t-pw", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void APostgresUri_BecomesNpgsqlsForm()
    {
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionStrings.ForNpgsql("postgres://orch:p%40ss@db1:5433/orchdb?sslmode=disable"));
        Assert.Equal(("db1", 5433, "orchdb", "orch", "p@ss", Npgsql.SslMode.Disable), (npgsql.Host, npgsql.Port, npgsql.Database, npgsql.Username, npgsql.Password, npgsql.SslMode));
        Assert.Equal("Host=db1", ConnectionStrings.ForNpgsql("Host=db1"));
    }
}
