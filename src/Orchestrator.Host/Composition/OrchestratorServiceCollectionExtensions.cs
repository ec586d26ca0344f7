using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Engine;
using Orchestrator.Engine.Behaviors;
using Orchestrator.Engine.Commands;
using Orchestrator.Engine.Commands.ApplyCluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Procedures;
using Orchestrator.Engine.Steps;
using Orchestrator.Engine.Views;
using Orchestrator.Environment.Agents;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.SqlServer;
using Orchestrator.Environment.Ports;
using Orchestrator.Environment.World;
using Orchestrator.Host.Leadership;
using Orchestrator.Host.Monitoring;
using Orchestrator.Host.Runtime;
using Orchestrator.Storage;
using Orchestrator.Storage.Audit;
using Orchestrator.Storage.Definitions;
using Orchestrator.Storage.Hangfire;
using Orchestrator.Storage.Holds;
using Orchestrator.Storage.Leadership;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;
using Orchestrator.Storage.Replicas;
using Orchestrator.Storage.Sqlite;
using Orchestrator.Storage.Users;
using Orchestrator.Workflows;
using Orchestrator.Workflows.ReplicaListUpdate;

namespace Orchestrator.Host.Composition;

/// <summary>The composition root: storage, world (or the nodes' agents), engine, workflows, Hangfire and Mediator.</summary>
public static class OrchestratorServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestrator(this IServiceCollection services, OrchestratorOptions options)
    {
        services.AddSingleton(options);
        if (options.Store.Kind == StoreKind.Sqlite)
        {
            services.AddSingleton(options.LocalClock ?? TimeProvider.System);
        }
        else
        {
            // On a shared database a runner's "now" is the database's (issue 13 point 1): what it judges in memory — MAXWAIT,
            // "healthy since", the world's ready times — agrees with what every other runner and the store judge.
            services.AddSingleton(new StoreClock(options.LocalClock ?? TimeProvider.System));
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<StoreClock>());
        }

        services.AddSingleton(new DataDirectory(Path.GetFullPath(options.DataDirectory)));
        services.AddOrchestratorStorage(options);
        services.AddSimulatedWorld(options);
        services.AddOrchestratorEngine(options);
        services.AddWorkflows();
        services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Singleton);
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        return services;
    }

    private static void AddOrchestratorStorage(this IServiceCollection services, OrchestratorOptions options) =>
        services.AddStore(options.Store, options.DataDirectory);

    private static void AddSimulatedWorld(this IServiceCollection services, OrchestratorOptions options)
    {
        if (options.WorldInDatabase && options.Store.Kind == StoreKind.SqlServer)
        {
            // Every runner and CLI on the database acts on one world (issue 13 point 5); nothing connects until the world is used.
            services.AddSingleton(_ => new SqlServerWorldStateStore(options.Store.Connection!));
            services.AddSingleton<IWorldStateStore>(sp => sp.GetRequiredService<SqlServerWorldStateStore>());
        }
        else if (options.WorldInDatabase)
        {
            // Every runner and CLI on the database acts on one world (issue 13 point 5).
            services.AddSingleton(_ => new PostgresWorldStateStore(ConnectionStrings.ForNpgsql(options.Store.Connection!)));
            services.AddSingleton<IWorldStateStore>(sp => sp.GetRequiredService<PostgresWorldStateStore>());
        }
        else
        {
            services.AddSingleton(_ => new SqliteWorldStateStore(options.ResolvedWorldPath));
            services.AddSingleton<IWorldStateStore>(sp => sp.GetRequiredService<SqliteWorldStateStore>());
        }

        services.AddSingleton<SimulatedWorld>();
        services.AddAgentsEnvironment();
        services.AddSingleton<IServiceControl>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IServiceStartModeControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IHierarchyAdministration, SelectedHierarchyAdministration>();
        services.AddSingleton<IVolumeControl>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IAddressControl>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IShareControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IDnsControl>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<INodeProbe>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<INodeResourceProbe>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<INodeFence>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IDirectoryControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IQueueControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IMirrorProbe>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IMirrorControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<INodeSoftware>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IPathProbe>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IRoutingControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton<IEnvironmentObserver>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IPublicStoreControl>(sp => sp.GetRequiredService<SimulatedWorld>());
        services.AddSingleton(sp => sp.GetRequiredService<IWorldStateStore>() switch
        {
            PostgresWorldStateStore postgres => postgres.PublicFolders(sp.GetRequiredService<SimulatedWorld>(), sp.GetRequiredService<TimeProvider>()),
            SqlServerWorldStateStore sqlServer => sqlServer.PublicFolders(sp.GetRequiredService<SimulatedWorld>(), sp.GetRequiredService<TimeProvider>()),
            _ => new SimulatedPublicFolders(sp.GetRequiredService<SqliteWorldStateStore>(), sp.GetRequiredService<SimulatedWorld>(), sp.GetRequiredService<TimeProvider>()),
        });
        services.AddSingleton<IPublicFolderControl>(sp => sp.GetRequiredService<SimulatedPublicFolders>());
        services.AddSingleton<SimulatedHierarchyObserver>();
        services.AddSingleton<IHierarchyObserver>(sp => sp.GetRequiredService<SelectedEnvironment>());
        services.AddSingleton<IWorldSeeder, SimulatedWorldSeeder>();
    }

    /// <summary>
    /// Issue 14: the nodes' agents, and the real-resource ports chosen at each use from the stored definition's
    /// 'environment' (<see cref="SelectedEnvironment"/>); the rest of the environment is the simulated world's.
    /// </summary>
    private static void AddAgentsEnvironment(this IServiceCollection services)
    {
        services.TryAddSingleton(new AgentOptions());
        services.AddSingleton<AgentClient>();
        services.AddSingleton<IAgentClusterSource, StoredAgentCluster>();
        services.AddSingleton<IFenceRecords, StoredFenceRecords>();
        services.AddSingleton(sp => new AgentEnvironment(
            sp.GetRequiredService<IAgentClusterSource>(), sp.GetRequiredService<AgentClient>(), sp.GetRequiredService<AgentOptions>(), sp.GetRequiredService<IFenceRecords>()));
        services.AddSingleton<EnvironmentSelector>();
        services.AddSingleton<SelectedEnvironment>();
        services.TryAddSingleton<IDefinitionResourceCheck>(_ => new ResourceMetadataCheck());
    }

    private static void AddOrchestratorEngine(this IServiceCollection services, OrchestratorOptions options)
    {
        services.AddSingleton(options.Engine);
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<StoreOutage>();
        // Embedded, the data directory's runner lock proves any other holder dead; on a shared database it proves nothing (two
        // hosts hold their own), so a term is taken over only once it has expired.
        services.AddSingleton(new LeaderElectionOptions { Guarded = options.Store.Kind == StoreKind.Sqlite });
        services.AddSingleton<LeaderElection>();
        services.AddSingleton<StepActionCatalog>();
        services.AddSingleton<ProcedureCatalog>();
        services.AddSingleton<TransitionFactory>();
        services.AddSingleton<ProcedureRunner>();
        services.AddSingleton<ProcedureDrain>();
        services.AddSingleton<WorkSweeper>();
        services.TryAddSingleton<IWorkSignal, IntervalWorkSignal>(); // a provider that can signal work registers its own
        services.AddSingleton<ProcedureViews>();
        services.AddSingleton<CurrentDefinition>();
        services.AddSingleton<WorldReconciler>();
        services.AddSingleton<Engine.Administration.RunningStateReader>();
        services.AddSingleton<Engine.Commands.ApplyCluster.ApplyPlanner>();
        services.AddSingleton<Engine.Commands.ApplyCluster.WorldRemovals>();
        services.AddSingleton<ProcedureLauncher>();
        services.AddSingleton<Engine.Admission.MoveAdmissionCheck>();
        services.AddSingleton<OperatorCommandSupport>();
        services.AddSingleton<ProcedureSuspender>();
        services.AddSingleton<HoldingProcedures>();
        services.AddSingleton<DrainTakeover>();
        services.AddSingleton<Engine.Commands.CancelProcedure.CancelDrainWaiter>();
        services.AddSingleton<IWorkRunner, StepWorkRunner>();
        services.AddTransient<WorkJob>();
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        if (options.RunsJobs)
        {
            services.AddSingleton<IWorkDispatcher, HangfireWorkDispatcher>();
            services.AddSingleton<IBackgroundSweep, ReplicaUpdateSweep>();
            services.AddSingleton<OrchestratorRuntime>();
            services.AddSingleton<HealthMonitor>();
            services.AddSingleton<Audit.AuditHeadLog>();
        }
        else
        {
            services.AddSingleton<IWorkDispatcher, DeferredWorkDispatcher>();
        }
    }
}
