using Mediator;
using Orchestrator.Engine.Execution;
using Orchestrator.Host.Runtime;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// The services of an invocation that may run steps. When it holds the data directory's runner lock it
/// runs the Hangfire server and the sweeper in this process; otherwise another process (serve, another
/// --wait) runs them, and this one records requests, watches, and takes over as soon as the lock is free.
/// </summary>
public sealed class RunnerSession : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly bool _logJson;
    private readonly CliServices _client;
    private RunnerLock? _lock;
    private CliServices? _runner;

    private readonly bool _monitor;

    private RunnerSession(string dataDirectory, bool logJson, CliServices client, bool monitor)
    {
        _monitor = monitor;
        _dataDirectory = dataDirectory;
        _logJson = logJson;
        _client = client;
    }

    public bool RunsHere => _runner is not null;

    /// <summary>The runner's own container while this process runs steps (its Hangfire storage is the one the workers use), else null.</summary>
    public CliServices? Runner => _runner;

    /// <summary>The mediator to send commands through: the runner's when this process runs steps, so its dispatches go straight to its workers.</summary>
    public IMediator Mediator => (_runner ?? _client).Mediator;

    /// <param name="monitor">Also run the health monitor (S18) while running steps: `serve` does.</param>
    public static async Task<RunnerSession> OpenAsync(string dataDirectory, bool logJson, bool mustRun, bool createIfMissing, CancellationToken cancellationToken, bool monitor = false)
    {
        var client = createIfMissing ? CliServices.ForNew(dataDirectory, logJson) : CliServices.ForExisting(dataDirectory, logJson);
        var session = new RunnerSession(dataDirectory, logJson, client, monitor);
        if (!await session.TryTakeOverAsync(cancellationToken).ConfigureAwait(false) && mustRun)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new RunnerBusyException($"another orchestrator process (serve, or a command with --wait) is running steps for {dataDirectory}; stop it first or use that one");
        }

        return session;
    }

    /// <summary>Starts running steps here if no other process does; true when this process runs them.</summary>
    public async Task<bool> TryTakeOverAsync(CancellationToken cancellationToken)
    {
        if (_runner is not null)
        {
            return true;
        }

        _lock = RunnerLock.TryAcquire(_dataDirectory);
        if (_lock is null)
        {
            return false;
        }

        _runner = CliServices.ForExisting(_dataDirectory, _logJson, runsJobs: true);
        var runtime = _runner.Get<OrchestratorRuntime>();
        runtime.Monitoring = _monitor;
        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        // The runner's container owns the runtime and stops it (workers, sweeper) before the lock is released.
        if (_runner is not null)
        {
            await _runner.DisposeAsync().ConfigureAwait(false);
        }

        _lock?.Dispose();
        await _client.DisposeAsync().ConfigureAwait(false);
    }
}
