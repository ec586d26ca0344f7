using System.Diagnostics;
using Hangfire;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.World;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Logging;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Workflows.Switchover;
using Serilog;
using Orchestrator.Host.Credentials;
using Orchestrator.Testing;

namespace Orchestrator.Benchmarks;

/// <summary>One switchover, timed from the request to its completion.</summary>
/// <param name="Wall">From sending the request to the return of the final transition's commit (what the verdict uses).</param>
/// <param name="Cpu">CPU time of the whole process (runner, Hangfire workers, sweeper, poller) over the same interval.</param>
/// <param name="RecordedSpan">The procedure's created_at to completed_at, as the engine stamped them.</param>
/// <param name="InlineSpan">First to last step-succeeded audit timestamp: <paramref name="InlineIntervals"/> steps run back to back.</param>
/// <param name="Store">Time spent inside the product's store calls over the same interval, by kind.</param>
internal sealed record SwitchoverSample(long Id, int Steps, TimeSpan Wall, TimeSpan Cpu, TimeSpan RecordedSpan, TimeSpan InlineSpan, int InlineIntervals, StoreSnapshot Store);

/// <summary>
/// The real composition (AddOrchestrator, Hangfire.InMemory server, sweeper, SQLite product tables with the
/// product's durability settings). With <c>sqliteWorld: false</c> one substitution: the simulated world keeps its
/// state in memory, so every step's effect costs next to nothing and what is measured is the engine. With
/// <c>sqliteWorld: true</c> the world is whatever the composition registers (world.db: the real path).
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private static readonly TimeSpan ProcedureTimeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;
    private readonly RunnerLock _lock;
    private readonly IMediator _mediator;
    private readonly InstrumentedProcedureStore _store;
    private readonly IAuditJournal _audit;
    private string _placedOn = BenchDefinition.Primary;

    private EngineHarness(ServiceProvider provider, RunnerLock runnerLock)
    {
        _provider = provider;
        _lock = runnerLock;
        _mediator = provider.GetRequiredService<IMediator>();
        _store = provider.GetRequiredService<InstrumentedProcedureStore>();
        _audit = provider.GetRequiredService<IAuditJournal>();
    }

    public IBackgroundJobClient Jobs => _provider.GetRequiredService<IBackgroundJobClient>();

    /// <summary>The decorated procedure store (completion and creation signals, call timings).</summary>
    internal InstrumentedProcedureStore Store => _store;

    /// <summary>A service of the composition (e.g. the health monitor, the simulated world).</summary>
    internal T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public string DatabasePath => _provider.GetRequiredService<IStoreSchema>().Description;

    public static Task<EngineHarness> StartAsync(string dataDirectory, string definitionPath, WarningLog warnings, bool productionLogging, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, definitionPath, warnings, productionLogging, sqliteWorld: false, cancellationToken);

    public static Task<EngineHarness> StartAsync(string dataDirectory, string definitionPath, WarningLog warnings, bool productionLogging, bool sqliteWorld, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, definitionPath, warnings, productionLogging, sqliteWorld, postgres: null, cancellationToken);

    /// <summary>
    /// With <paramref name="postgres"/>: the PostgreSQL provider (AddPostgreSqlStorage through the Host's store selection,
    /// migrated here) on that database, and Hangfire.PostgreSql with the given options in place of the product's.
    /// </summary>
    public static async Task<EngineHarness> StartAsync(
        string dataDirectory, string definitionPath, WarningLog warnings, bool productionLogging, bool sqliteWorld, PgEngineSetup? postgres, CancellationToken cancellationToken)
    {
        if (postgres is null)
        {
            new OrchestratorDatabase(dataDirectory).EnsureCreated();
        }

        var runnerLock = RunnerLock.TryAcquire(dataDirectory)
            ?? throw new InvalidOperationException($"could not take the runner lock of {dataDirectory}");

        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(warnings);
            if (productionLogging)
            {
                // What `orchestrator serve` does: Serilog, Information and up to a rolling file in the data directory.
                logging.AddSerilog(LoggingSetup.Create(dataDirectory, json: false, consoleLevel: Serilog.Events.LogEventLevel.Fatal), dispose: true);
                logging.SetMinimumLevel(LogLevel.Information);
            }
            else
            {
                logging.SetMinimumLevel(LogLevel.Warning);
            }
        });
        services.AddOrchestrator(new OrchestratorOptions
        {
            DataDirectory = dataDirectory, RunsJobs = true, Engine = new EngineOptions(),
            Store = postgres is null ? StoreSelection.Sqlite : new StoreSelection(StoreKind.Postgres, postgres.ConnectionString),
        });
        if (postgres is not null)
        {
            // Hangfire.PostgreSql with the variant's options (registered last, so it wins).
            services.AddSingleton<JobStorage>(_ => PostgreSqlStorageServiceCollectionExtensions.CreateJobStorage(postgres.ConnectionString, postgres.JobOptions));
        }

        if (!sqliteWorld)
        {
            // The zero-latency world: same SimulatedWorld, state in memory instead of world.db (registered last, so it wins).
            services.AddSingleton<IWorldStateStore>(new InMemoryWorldStateStore());
            if (postgres is not null)
            {
                // The public folders (not used by the step benchmarks) keep a file of their own: the composition finds them a
                // store by the world store's type, and the in-memory one has none.
                services.AddSingleton(_ => new SqliteWorldStateStore(Path.Combine(dataDirectory, "world.db")));
            }
        }

        // A pass-through decorator on the product's procedure store: completion signal (no polling) and call timings.
        if (postgres is null)
        {
            services.AddSingleton<SqliteProcedureStore>();
            services.AddSingleton(sp => new InstrumentedProcedureStore(sp.GetRequiredService<SqliteProcedureStore>()));
        }
        else
        {
            services.AddSingleton<PostgresProcedureStore>();
            services.AddSingleton(sp => new InstrumentedProcedureStore(sp.GetRequiredService<PostgresProcedureStore>()));
        }

        services.AddSingleton<IProcedureStore>(sp => sp.GetRequiredService<InstrumentedProcedureStore>());

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var harness = new EngineHarness(provider, runnerLock);
        try
        {
            if (!sqliteWorld && provider.GetRequiredService<IWorldStateStore>() is not InMemoryWorldStateStore)
            {
                throw new InvalidOperationException("the in-memory world store did not replace the SQLite one");
            }

            if (provider.GetRequiredService<IProcedureStore>() is not InstrumentedProcedureStore)
            {
                throw new InvalidOperationException("the instrumented procedure store did not replace the product's");
            }

            if (postgres is not null)
            {
                provider.GetRequiredService<IStoreSchema>().Migrate();
            }

            await harness._mediator.Send(new ApplyClusterCommand(definitionPath, "bench"), cancellationToken).ConfigureAwait(false);
            // S15: every move needs the directory account (real writer, store and key ring); set untimed.
            await provider.GetRequiredService<DirectoryCredentialWriter>()
                .SetAsync(TestDirectoryAccount.User, TestDirectoryAccount.Password, "bench", cancellationToken).ConfigureAwait(false);
            await provider.GetRequiredService<OrchestratorRuntime>().StartAsync(cancellationToken).ConfigureAwait(false);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Switches the hierarchy to the other node and waits until its final transition has committed (signalled by the
    /// store decorator right after that commit returns, so no polling competes with the engine for CPU).
    /// </summary>
    public async Task<SwitchoverSample> SwitchOverAsync(CancellationToken cancellationToken)
    {
        var target = _placedOn == BenchDefinition.Primary ? BenchDefinition.Backup : BenchDefinition.Primary;
        var storeBefore = _store.Timings.Snapshot();
        var cpuBefore = ProcessCpu();
        var started = Stopwatch.GetTimestamp();
        var procedure = await _mediator.Send(new StartSwitchoverCommand(BenchDefinition.Hierarchy, target, "bench", null), cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.Finished(procedure.Id).WaitAsync(ProcedureTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var stuck = await _store.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false);
            throw new TimeoutException($"switchover #{procedure.Id} to {target} did not finish within {ProcedureTimeout.TotalSeconds:F0} s (state {stuck?.State}, {stuck?.LastError})");
        }

        var wall = Stopwatch.GetElapsedTime(started);
        var cpu = ProcessCpu() - cpuBefore;
        var store = _store.Timings.Snapshot() - storeBefore;
        _store.Forget(procedure.Id);

        var record = await _store.GetAsync(procedure.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"procedure #{procedure.Id} vanished");
        if (record.State != ProcedureStates.Completed)
        {
            throw new InvalidOperationException($"switchover #{procedure.Id} to {target} ended {record.State}: {record.LastError}");
        }

        _placedOn = target;

        // Cross-checks from the product's own timestamps (not part of the timed section).
        var recorded = (record.CompletedAt ?? record.UpdatedAt) - record.CreatedAt;
        var done = (await _audit.ListAsync(new AuditQuery(ProcedureId: procedure.Id, Limit: 10_000), cancellationToken).ConfigureAwait(false))
            .Where(e => e.TriggerName == ProcedureTriggers.StepSucceeded)
            .ToList();
        if (done.Count != procedure.Steps)
        {
            throw new InvalidOperationException($"switchover #{procedure.Id} completed with {done.Count} step audit rows for {procedure.Steps} steps");
        }

        var inline = done.Count > 1 ? done[^1].At - done[0].At : TimeSpan.Zero;
        return new SwitchoverSample(procedure.Id, procedure.Steps, wall, cpu, recorded, inline, done.Count - 1, store);
    }

    /// <summary>CPU time of this whole process so far (runner, Hangfire workers, sweeper, poller).</summary>
    internal static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) =>
        await _audit.VerifyAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync().ConfigureAwait(false); // stops the runtime (workers, sweeper) first
        _lock.Dispose();
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
