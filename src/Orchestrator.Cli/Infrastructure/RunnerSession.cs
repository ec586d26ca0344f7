using Orchestrator.Engine.Execution;
using Orchestrator.Host.Runtime;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// The services of an invocation that may run steps: when it gets the data directory's runner lock it
/// starts the Hangfire server and the sweeper in this process; otherwise another process (serve) runs
/// them and this one only records requests and watches.
/// </summary>
public sealed class RunnerSession : IAsyncDisposable
{
    private readonly RunnerLock? _lock;
    private readonly OrchestratorRuntime? _runtime;

    private RunnerSession(CliServices services, RunnerLock? runnerLock, OrchestratorRuntime? runtime)
    {
        Services = services;
        _lock = runnerLock;
        _runtime = runtime;
    }

    public CliServices Services { get; }

    public bool RunsHere => _runtime is not null;

    public static async Task<RunnerSession> OpenAsync(string dataDirectory, bool logJson, bool mustRun, bool createIfMissing, CancellationToken cancellationToken)
    {
        if (!createIfMissing)
        {
            // Refuse an empty or damaged data directory before taking any lock or creating any file.
            await CliServices.ForExisting(dataDirectory, logJson).DisposeAsync().ConfigureAwait(false);
        }

        var runnerLock = RunnerLock.TryAcquire(dataDirectory);
        if (runnerLock is null)
        {
            if (mustRun)
            {
                throw new RunnerBusyException($"another orchestrator process (serve, or a command with --wait) is running steps for {dataDirectory}; stop it first or use that one");
            }

            var client = createIfMissing ? CliServices.ForNew(dataDirectory, logJson) : CliServices.ForExisting(dataDirectory, logJson);
            return new RunnerSession(client, null, null);
        }

        var services = createIfMissing ? CliServices.ForNew(dataDirectory, logJson, runsJobs: true) : CliServices.ForExisting(dataDirectory, logJson, runsJobs: true);
        var runtime = services.Get<OrchestratorRuntime>();
        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        return new RunnerSession(services, runnerLock, runtime);
    }

    public async ValueTask DisposeAsync()
    {
        // The container owns the runtime and stops it (workers, sweeper) before the lock is released.
        await Services.DisposeAsync().ConfigureAwait(false);
        _lock?.Dispose();
    }
}
