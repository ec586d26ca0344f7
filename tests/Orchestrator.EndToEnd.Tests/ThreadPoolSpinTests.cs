using System.Text.Json;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13's storm: the built CLI's thread pool does not spin for work (its runtime configuration sets
/// System.Threading.ThreadPool.UnfairSemaphoreSpinLimit to 0). A runner's work comes in bursts between database round
/// trips, and every worker thread that ran out of work spun before it slept: that CPU came out of the storm's two cores,
/// more of it the less busy each process was (a second runner's). The runtime reads DOTNET_ThreadPool_UnfairSemaphoreSpinLimit
/// first, so an operator's own setting stands.
/// </summary>
public sealed class ThreadPoolSpinTests
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Fact]
    public void TheBuiltCli_RunsItsThreadPoolWithoutSpinning()
    {
        var config = Path.ChangeExtension(OrchestratorProcess.CliPath, ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(config));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(SpinLimit, out var limit), $"{config} does not set {SpinLimit}: {properties}");
        Assert.Equal(0, limit.GetInt32());
    }
}
