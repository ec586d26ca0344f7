using Hangfire;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Host.Runtime;

/// <summary>
/// The part of a process that runs steps: a Hangfire server and the sweeper. Start it only while holding
/// the data directory's <see cref="RunnerLock"/>.
/// </summary>
public sealed class OrchestratorRuntime(
    JobStorage storage,
    IServiceProvider services,
    StepSweeper sweeper,
    EngineOptions options,
    ILogger<OrchestratorRuntime> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private BackgroundJobServer? _server;
    private Task? _sweepLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await sweeper.RecoverAsync(cancellationToken).ConfigureAwait(false);
        _server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                WorkerCount = Math.Max(4, System.Environment.ProcessorCount * 2),
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                ServerName = $"orchestrator-{System.Environment.ProcessId}",
                Activator = new ServiceProviderJobActivator(services),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            },
            storage);
        await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
        _sweepLoop = SweepLoopAsync(_stopping.Token);
        logger.LogInformation("Orchestrator runtime started");
    }

    private async Task SweepLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Sweep failed, will try again: {Error}", e.Message);
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
        if (_sweepLoop is not null)
        {
            try
            {
                await _sweepLoop.ConfigureAwait(false);
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
