using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Engine.Errors;
using Orchestrator.Host.Composition;
using Orchestrator.Host.Logging;
using Orchestrator.Storage;
using Serilog;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>The services of one command invocation.</summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CliServices(ServiceProvider provider, string dataDirectory)
    {
        _provider = provider;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public IMediator Mediator => _provider.GetRequiredService<IMediator>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>
    /// For commands that read or act on an existing cluster: refuses an empty or damaged data directory, changing nothing. Unless
    /// <paramref name="reconcile"/> is false (serve: its runtime reconciles once the dashboard listens) or the services run jobs
    /// (the runtime reconciles at its start), a world behind the stored definition is reconciled first (<see cref="WorldAtStart"/>).
    /// </summary>
    public static CliServices ForExisting(string dataDirectory, bool logJson, bool runsJobs = false, bool reconcile = true)
    {
        var store = StoreSettings.ForInvocation(dataDirectory);
        var world = WorldSettings.ForInvocation(dataDirectory, store.Kind);
        if (store.Kind != StoreKind.Sqlite)
        {
            if (world is not null)
            {
                SqliteFileCheck.EnsureUsable(world, "simulated world");
            }

            StoreAccess.EnsureMigrated(store, dataDirectory);
            return Create(dataDirectory, logJson, runsJobs, store, world, reconcile);
        }

        var database = new OrchestratorDatabase(dataDirectory);
        database.EnsureNotOrphaned();
        if (!database.HoldsData)
        {
            throw new BadInputException($"no cluster is defined in data directory {database.DataDirectory}; run `orchestrator cluster apply FILE` first (or pass --data-dir)");
        }

        database.CheckReadable();
        SqliteFileCheck.EnsureUsable(world!, "simulated world");
        database.EnsureCreated(); // applies any newer migrations
        return Create(dataDirectory, logJson, runsJobs, store, world, reconcile);
    }

    /// <summary>For commands that may create the data directory (cluster apply, demo); <paramref name="reconcile"/> as for <see cref="ForExisting"/>.</summary>
    public static CliServices ForNew(string dataDirectory, bool logJson, bool runsJobs = false, bool reconcile = true)
    {
        var store = StoreSettings.ForInvocation(dataDirectory);
        var world = WorldSettings.ForInvocation(dataDirectory, store.Kind); // a bad value is refused before anything is created
        if (store.Kind == StoreKind.Sqlite)
        {
            new OrchestratorDatabase(dataDirectory).EnsureCreated(); // embedded: migrates as it goes
        }
        else
        {
            StoreAccess.EnsureMigrated(store, dataDirectory); // a server database is migrated only by `db migrate`
            Directory.CreateDirectory(dataDirectory); // the log stays here; the world is in the database unless ORCHESTRATOR_WORLD names a file
        }

        return Create(dataDirectory, logJson, runsJobs, store, world, reconcile);
    }

    private static CliServices Create(string dataDirectory, bool logJson, bool runsJobs, StoreSelection store, string? world, bool reconcile)
    {
        var logger = LoggingSetup.Create(dataDirectory, logJson);
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddSerilog(logger, dispose: true));
        services.AddOrchestrator(new OrchestratorOptions { DataDirectory = dataDirectory, Store = store, RunsJobs = runsJobs, Engine = EngineSettings.FromEnvironment(), WorldPath = world });
        var provider = services.BuildServiceProvider();
        return new CliServices(reconcile && !runsJobs ? WorldAtStart.Reconciled(provider) : provider, dataDirectory); // issue 15: an interrupted apply is completed first
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync().ConfigureAwait(false);
}
