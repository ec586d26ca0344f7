using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Errors;

namespace Orchestrator.Cli.Tests;

[Collection(nameof(EnvironmentVariables))]
public sealed class EngineSettingsTests
{
    [Fact]
    public void RetrySettings_AreReadFromTheEnvironment_AndBadValuesAreNamed()
    {
        try
        {
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_RETRY_BASE_MS", "50");
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_MAX_ATTEMPTS", "7");
            var options = EngineSettings.FromEnvironment();
            Assert.Equal((TimeSpan.FromMilliseconds(50), 7), (options.RetryBaseDelay, options.MaxAttempts));

            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_MAX_ATTEMPTS", "many");
            var error = Assert.Throws<BadInputException>(EngineSettings.FromEnvironment);
            Assert.Contains("ORCHESTRATOR_MAX_ATTEMPTS='many'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_RETRY_BASE_MS", null);
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_MAX_ATTEMPTS", null);
        }
    }

    [Fact]
    public void MonitorAndFailoverParallelism_AreReadFromTheEnvironment_WithDefaultsWhenUnset()
    {
        try
        {
            var defaults = EngineSettings.FromEnvironment();
            Assert.Equal((8, 16), (defaults.MonitorParallelism, defaults.FailoverParallelism));

            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_MONITOR_PARALLELISM", "3");
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_FAILOVER_PARALLELISM", "40");
            var options = EngineSettings.FromEnvironment();
            Assert.Equal((3, 40), (options.MonitorParallelism, options.FailoverParallelism));

            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_FAILOVER_PARALLELISM", "0");
            var error = Assert.Throws<BadInputException>(EngineSettings.FromEnvironment);
            Assert.Contains("ORCHESTRATOR_FAILOVER_PARALLELISM='0'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_MONITOR_PARALLELISM", null);
            System.Environment.SetEnvironmentVariable("ORCHESTRATOR_FAILOVER_PARALLELISM", null);
        }
    }
}
