namespace Orchestrator.Engine.Execution;

/// <summary>Retry, claim and sweep settings of the procedure runtime.</summary>
public sealed class EngineOptions
{
    /// <summary>Attempts of one step before the procedure waits for an operator.</summary>
    public int MaxAttempts { get; set; } = 4;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a claim holds unless renewed: the worker running the step renews it every lease/3, so a step of any length
    /// keeps its claim; once its worker dies another worker takes the step over within one lease.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A ready step dispatched this long ago without being run is dispatched again.</summary>
    public TimeSpan RedispatchAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a starting service is polled while waiting for it (within MAXWAIT).</summary>
    public TimeSpan ServicePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a cancel waits for a step that was already running to report back before it reports the resources.</summary>
    public TimeSpan CancelWaitForRunningStep { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many node probes, path probes and per-node resource reads one monitor round runs at once.</summary>
    public int MonitorParallelism { get; set; } = 8;

    /// <summary>How many failovers the monitor's decisions of one round run at once (a storm); the rest start as these end.</summary>
    public int FailoverParallelism { get; set; } = 16;

    public TimeSpan BackoffFor(int attempt)
    {
        var factor = Math.Pow(2, Math.Max(0, attempt - 1));
        var delay = TimeSpan.FromMilliseconds(RetryBaseDelay.TotalMilliseconds * factor);
        return delay > RetryMaxDelay ? RetryMaxDelay : delay;
    }
}
