using System.Globalization;
using Orchestrator.Engine.Errors;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>Engine settings from the environment (ORCHESTRATOR_MAX_ATTEMPTS, ORCHESTRATOR_RETRY_BASE_MS, ORCHESTRATOR_RETRY_MAX_MS, ORCHESTRATOR_MONITOR_PARALLELISM, ORCHESTRATOR_FAILOVER_PARALLELISM, ORCHESTRATOR_CLAIM_LEASE_MS).</summary>
public static class EngineSettings
{
    public static EngineOptions FromEnvironment()
    {
        var options = new EngineOptions();
        if (Read("ORCHESTRATOR_MAX_ATTEMPTS") is { } attempts)
        {
            options.MaxAttempts = (int)attempts;
        }

        if (Read("ORCHESTRATOR_RETRY_BASE_MS") is { } baseMs)
        {
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(baseMs);
        }

        if (Read("ORCHESTRATOR_RETRY_MAX_MS") is { } maxMs)
        {
            options.RetryMaxDelay = TimeSpan.FromMilliseconds(maxMs);
        }

        if (Read("ORCHESTRATOR_MONITOR_PARALLELISM") is { } monitor)
        {
            options.MonitorParallelism = (int)Math.Min(monitor, 256);
        }

        if (Read("ORCHESTRATOR_FAILOVER_PARALLELISM") is { } failovers)
        {
            options.FailoverParallelism = (int)Math.Min(failovers, 256);
        }

        if (Read("ORCHESTRATOR_CLAIM_LEASE_MS") is { } leaseMs)
        {
            options.ClaimLease = TimeSpan.FromMilliseconds(leaseMs);
        }

        return options;
    }

    private static long? Read(string name)
    {
        var text = System.Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new BadInputException($"environment variable {name}='{text}' is not a positive whole number; fix or unset it");
    }
}
