using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Composition;

namespace Orchestrator.Cli.Tests;

public sealed class WorldSettingsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orch-world-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string> _environment = [];

    public WorldSettingsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Resolve() => WorldSettings.Resolve(Path.Combine(_root, "data"), name => _environment.GetValueOrDefault(name));

    [Fact]
    public void ByDefault_TheWorldIsWorldDbInTheDataDirectory() => Assert.Equal(Path.Combine(_root, "data", "world.db"), Resolve());

    [Fact]
    public void OrchestratorWorld_PutsTheWorldElsewhere_AsAFullPath()
    {
        _environment[WorldSettings.Variable] = Path.Combine(_root, "shared.db");
        Assert.Equal(Path.Combine(_root, "shared.db"), Resolve());
        _environment[WorldSettings.Variable] = "  ";
        Assert.Equal(Path.Combine(_root, "data", "world.db"), Resolve());
    }

    [Fact]
    public void OnPostgres_TheWorldIsInTheDatabase_UnlessOrchestratorWorldNamesAFile()
    {
        string? ForStore(StoreKind kind) => WorldSettings.ForStore(Path.Combine(_root, "data"), kind, name => _environment.GetValueOrDefault(name));

        Assert.Null(ForStore(StoreKind.Postgres));
        Assert.Equal(Path.Combine(_root, "data", "world.db"), ForStore(StoreKind.Sqlite));
        _environment[WorldSettings.Variable] = Path.Combine(_root, "shared.db");
        Assert.Equal(Path.Combine(_root, "shared.db"), ForStore(StoreKind.Postgres));
        _environment[WorldSettings.Variable] = Path.Combine(_root, "missing", "world.db");
        Assert.Throws<BadInputException>(() => ForStore(StoreKind.Postgres));
    }

    [Fact]
    public void OnSqlServer_TheWorldIsInTheDatabase_UnlessOrchestratorWorldNamesAFile()
    {
        string? ForStore(StoreKind kind) => WorldSettings.ForStore(Path.Combine(_root, "data"), kind, name => _environment.GetValueOrDefault(name));

        Assert.Null(ForStore(StoreKind.SqlServer));
        _environment[WorldSettings.Variable] = Path.Combine(_root, "shared.db");
        Assert.Equal(Path.Combine(_root, "shared.db"), ForStore(StoreKind.SqlServer));
    }

    [Theory]
    [InlineData("", "is a directory")]
    [InlineData("missing/world.db", "its directory does not exist")]
    public void ABadValue_IsBadInput_NamingTheVariableAndTheValue(string relative, string reason)
    {
        var value = Path.Combine(_root, relative);
        _environment[WorldSettings.Variable] = value;
        var error = Assert.Throws<BadInputException>(Resolve);
        Assert.Contains($"ORCHESTRATOR_WORLD='{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
