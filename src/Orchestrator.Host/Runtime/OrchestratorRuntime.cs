using Hangfire;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Host.Monitoring;

namespace Orchestrator.Host.Runtime;

/// <summary>
/// The part of a process that runs steps: a Hangfire server and the sweeper. Start it only while holding
/// the data directory's <see cref="RunnerLock"/>. Every start first reconciles the world with the stored definition.
/// </summary>
public sealed class OrchestratorRuntime(
    JobStorage storage,
    IServiceProvider services,
    WorkSweeper sweeper,
    HealthMonitor monitor,
    WorldReconciler reconciler,
    EngineOptions options,
    TimeProvider time,
    ILogger<OrchestratorRuntime> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private BackgroundJobServer? _server;
    private Task? _sweepLoop;
    private Task? _monitorLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReconcileWorldAsync(cancellationToken).ConfigureAwait(false);
        _server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                // Replica-list batches wait on the world (up to 64 at once per update); steps need workers beside them.
                WorkerCount = Math.Max(24, System.Environment.ProcessorCount * 2),
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                ServerName = $"orchestrator-{System.Environment.ProcessId}",
                Activator = new ServiceProviderJobActivator(services),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            },
            storage);
        await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
        _sweepLoop = SweepLoopAsync(_stopping.Token);
        logger.LogInformation("Orchestrator runtime started");
    }

    /// <summary>
    /// Starts the health monitor's loop (serve does; a one-off --wait does not), once, after <see cref="StartAsync"/>.
    /// Serve calls it once it is serving (its dashboard listening): a round at 1,000 hierarchies takes both cores of a
    /// small machine for a moment, and it must not delay the listener or its first answers, so the first round runs one
    /// monitor interval later, on its own. Returns at once.
    /// </summary>
    public void StartMonitoring()
    {
        if (_server is null)
        {
            throw new InvalidOperationException("start the runtime (StartAsync) before its monitor");
        }

        if (_monitorLoop is null && !_stopping.IsCancellationRequested)
        {
            _monitorLoop = Task.Run(() => MonitorLoopAsync(_stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>What the stored definition declares and the world lacks (an interrupted apply) is seeded before steps and the monitor run.</summary>
    private async Task ReconcileWorldAsync(CancellationToken cancellationToken)
    {
        try
        {
            await reconciler.ReconcileAsync(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Could not reconcile the world with the stored definition; what it lacks is unknown to the monitor until the next start: {Error}", e.Message);
        }
    }

    private async Task SweepLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await SweepOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Sweep failed, will try again: {Error}", e.Message);
            }
        }
    }

    private async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A round every interval, the first one interval after the monitor was started: serve answers first.</summary>
    private async Task MonitorLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromSeconds(5);
            try
            {
                interval = await monitor.IntervalAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Monitor check failed, will try again: {Error}", e.Message);
            }

            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            try
            {
                await monitor.CheckOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Monitor check failed, will try again: {Error}", e.Message);
            }
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _sweepLoop, _monitorLoop })
        {
            if (loop is null)
            {
                continue;
            }

            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _server?.SendStop();
        _server?.Dispose();
        _stopping.Dispose();
    }
}
