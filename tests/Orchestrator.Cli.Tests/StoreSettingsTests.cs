using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Composition;

namespace Orchestrator.Cli.Tests;

public sealed class StoreSettingsTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "orch-store-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string> _environment = [];

    public StoreSettingsTests() => Directory.CreateDirectory(_dataDir);

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private StoreSelection Resolve(string? store = null, string? connection = null) =>
        StoreSettings.Resolve(_dataDir, store, connection, name => _environment.GetValueOrDefault(name));

    private void WriteFile(string json) => File.WriteAllText(Path.Combine(_dataDir, StoreSettings.FileName), json);

    [Fact]
    public void ByDefault_TheStoreIsSqlite() => Assert.Equal(StoreSelection.Sqlite, Resolve());

    [Fact]
    public void TheFlag_BeatsTheEnvironment_WhichBeatsTheFile()
    {
        WriteFile("""{"store": "postgres", "connection": "Host=from-file"}""");
        Assert.Equal(new StoreSelection(StoreKind.Postgres, "Host=from-file"), Resolve());

        _environment["ORCHESTRATOR_CONNECTION"] = "Host=from-env";
        Assert.Equal(new StoreSelection(StoreKind.Postgres, "Host=from-env"), Resolve());

        _environment["ORCHESTRATOR_STORE"] = "sqlite";
        Assert.Equal(StoreKind.Sqlite, Resolve().Kind);

        Assert.Equal(new StoreSelection(StoreKind.Postgres, "Host=from-flag"), Resolve("postgres", "Host=from-flag"));
    }

    [Fact]
    public void AnUnknownStore_NamesTheValueAndTheChoices()
    {
        _environment["ORCHESTRATOR_STORE"] = "mongo";
        var error = Assert.Throws<BadInputException>(() => Resolve());
        Assert.Contains("'mongo'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRATOR_STORE", error.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite, postgres or sqlserver", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresWithoutAConnection_SaysHowToGiveOne()
    {
        var error = Assert.Throws<BadInputException>(() => Resolve("postgres"));
        Assert.Contains("--connection", error.Message, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRATOR_CONNECTION", error.Message, StringComparison.Ordinal);
        Assert.Contains(StoreSettings.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServer_IsSelected_WithItsConnection()
    {
        Assert.Equal(new StoreSelection(StoreKind.SqlServer, "Server=x"), Resolve("sqlserver", "Server=x"));
    }

    [Fact]
    public void SqlServerWithoutAConnection_SaysHowToGiveOne_InItsOwnForm()
    {
        var error = Assert.Throws<BadInputException>(() => Resolve("sqlserver"));
        Assert.Contains("--connection \"Server=...;Database=...;User Id=...\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRATOR_CONNECTION", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedFile_IsNamedWithItsLine()
    {
        WriteFile("{\n  \"store\": \"postgres\",\n  \"connection\": \"Host=x;Password=s3cr3t\"\n  oops\n}");
        var error = Assert.Throws<BadInputException>(() => Resolve());
        Assert.Contains(Path.Combine(_dataDir, StoreSettings.FileName) + ":4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithAnUnknownKey_OrAWrongType_IsBadInput()
    {
        WriteFile("{\"stroe\": \"postgres\"}");
        Assert.Contains("stroe", Assert.Throws<BadInputException>(() => Resolve()).Message, StringComparison.Ordinal);
        WriteFile("{\"store\": 5}");
        Assert.Contains(":1", Assert.Throws<BadInputException>(() => Resolve()).Message, StringComparison.Ordinal);
    }
}
