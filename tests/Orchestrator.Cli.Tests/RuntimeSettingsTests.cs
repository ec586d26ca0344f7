using System.Text.Json;

namespace Orchestrator.Cli.Tests;

/// <summary>
/// The runtime settings the built CLI (and so every `serve`) starts with: no dynamic PGO, whose extra instrumented JIT
/// tier took about 40 % of a runner's CPU in the PostgreSQL storm.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheBuiltCli_RunsWithoutDynamicPgo()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "orchestrator.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo), $"{path} does not set System.Runtime.TieredPGO");
        Assert.False(pgo.GetBoolean());
    }
}
