using Mediator;
using Orchestrator.Engine.Execution;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;

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
    private bool _started;

    private RunnerSession(string dataDirectory, bool logJson, CliServices client)
    {
        _dataDirectory = dataDirectory;
        _logJson = logJson;
        _client = client;
    }

    public bool RunsHere => _runner is not null;

    /// <summary>The runner's own container while this process runs steps (its Hangfire storage is the one the workers use), else null.</summary>
    public CliServices? Runner => _runner;

    /// <summary>The mediator to send commands through: the runner's when this process runs steps, so its dispatches go straight to its workers.</summary>
    public IMediator Mediator => (_runner ?? _client).Mediator;

    /// <summary>The store's word on outages, for a watcher's polls.</summary>
    public IStoreAvailability Availability => (_runner ?? _client).Get<IStoreAvailability>();

    /// <param name="startRuntime">
    /// False: take the runner lock and compose the runner's services, but leave its runtime (reconcile, workers, sweeper)
    /// to <see cref="StartRuntimeAsync"/> — serve starts its listener first.
    /// </param>
    /// <param name="reconcile">
    /// False: the client's services do not reconcile the world at their start (issue 15) — serve's runtime does, once its
    /// dashboard listens; a world writer that holds world.db delays the runtime, not the listener.
    /// </param>
    public static async Task<RunnerSession> OpenAsync(
        string dataDirectory, bool logJson, bool mustRun, bool createIfMissing, CancellationToken cancellationToken, bool startRuntime = true, bool reconcile = true)
    {
        var client = createIfMissing ? CliServices.ForNew(dataDirectory, logJson, reconcile: reconcile) : CliServices.ForExisting(dataDirectory, logJson, reconcile: reconcile);
        var session = new RunnerSession(dataDirectory, logJson, client);
        if (!await session.TryTakeOverAsync(startRuntime, cancellationToken).ConfigureAwait(false) && mustRun)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new RunnerBusyException($"another orchestrator process (serve, or a command with --wait) is running steps for {dataDirectory}; stop it first or use that one");
        }

        return session;
    }

    /// <summary>Starts running steps here if no other process does; true when this process runs them.</summary>
    public Task<bool> TryTakeOverAsync(CancellationToken cancellationToken) => TryTakeOverAsync(startRuntime: true, cancellationToken);

    /// <summary>Starts, once, the runtime of a session opened with <c>startRuntime: false</c>: reconcile the world, workers, sweeper.</summary>
    public async Task StartRuntimeAsync(CancellationToken cancellationToken)
    {
        var runner = _runner ?? throw new InvalidOperationException("this process does not run steps");
        if (_started)
        {
            return;
        }

        _started = true;
        await runner.Get<OrchestratorRuntime>().StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For a command judged before this process runs anything: when it holds the runner lock, only reconcile the world with
    /// the stored definition (the command is judged on it); <see cref="StartRuntimeAsync"/> follows once it is accepted.
    /// </summary>
    public Task PrepareAsync(CancellationToken cancellationToken) =>
        _runner is null || _started ? Task.CompletedTask : _runner.Get<OrchestratorRuntime>().ReconcileAsync(cancellationToken);

    private async Task<bool> TryTakeOverAsync(bool startRuntime, CancellationToken cancellationToken)
    {
        if (_runner is not null)
        {
            if (startRuntime)
            {
                await StartRuntimeAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        _lock = RunnerLock.TryAcquire(_dataDirectory);
        if (_lock is null)
        {
            return false;
        }

        _runner = CliServices.ForExisting(_dataDirectory, _logJson, runsJobs: true);
        if (startRuntime)
        {
            await StartRuntimeAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Also runs the health monitor (S18) here: `serve` does, once it is serving. Only while this process runs steps.</summary>
    public void StartMonitoring() =>
        (_runner ?? throw new InvalidOperationException("this process does not run steps: it cannot monitor")).Get<OrchestratorRuntime>().StartMonitoring();

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
