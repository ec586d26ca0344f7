using System.CommandLine;
using System.Runtime.InteropServices;
using Hangfire;
using Microsoft.Extensions.Logging;
using Orchestrator.Cli.Infrastructure;
using Orchestrator.Engine.Procedures;
using Orchestrator.Environment.PostgreSql;
using Orchestrator.Environment.World;
using Orchestrator.Host.Audit;
using Orchestrator.Host.Web;
using Orchestrator.Host.Web.Security;
using Orchestrator.Storage.PostgreSql;
using Orchestrator.Storage.Procedures;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `serve`: the Hangfire server, the sweeper and the health monitor, and the web dashboard beside them (127.0.0.1:5080
/// unless told otherwise), until Ctrl+C or SIGTERM.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = $"Where the web dashboard listens, HOST:PORT (default {ListenAddress.Default}; port 0 picks a free one). Any address other than loopback needs credentials: see `orchestrator dashboard`",
            DefaultValueFactory = _ => ListenAddress.Default.ToString(),
            HelpName = "HOST:PORT",
        };
        var noDashboard = new Option<bool>("--no-dashboard") { Description = "Run without the web dashboard" };
        var migrate = new Option<bool>("--migrate")
        {
            Description = "First apply the store's missing migrations (as `orchestrator db migrate`); without it serve refuses a server database that lacks any (SQLite migrates itself)",
        };
        var command = new Command("serve", "Run procedures (Hangfire workers, the sweeper), monitor the cluster (S18) and serve the web dashboard, until Ctrl+C") { listen, noDashboard, migrate };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            ServeJitMode.EnsureFullyOptimised(); // re-executes this process without tiered compilation (Linux), unless set
            var dataDir = GlobalOptions.ResolveDataDir(result);
            ListenAddress? address = null;
            if (!result.GetValue(noDashboard))
            {
                address = ListenAddress.Parse(result.GetValue(listen)!);
                DashboardAccessRule.EnsureMayStart(address, new DashboardCredentialStore(dataDir)); // refused (exit 2) before anything starts
            }

            var store = StoreSettings.ForInvocation(dataDir);
            if (result.GetValue(migrate))
            {
                foreach (var script in StoreAccess.WithSchema(store, dataDir, s => s.Migrate()))
                {
                    Console.Out.WriteLine($"applied {script}");
                }
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

            await using var session = await RunnerSession.OpenAsync(
                dataDir, result.GetValue(GlobalOptions.LogJson), mustRun: true, createIfMissing: false, cancellationToken, startRuntime: false, reconcile: false).ConfigureAwait(false);
            DashboardServer? dashboard = null;
            try
            {
                if (address is not null)
                {
                    // The runner's own container: its Hangfire storage is the one the dashboard shows. The listener comes
                    // first: it answers (status, procedures) while the runtime reconciles the world and starts its workers.
                    dashboard = await StartDashboardAsync(session.Runner!, address, dataDir, cancellationToken).ConfigureAwait(false);
                }

                await session.StartRuntimeAsync(cancellationToken).ConfigureAwait(false);
                var headLog = session.Runner!.Get<AuditHeadLog>(); // the journal's head in the log now and every hour (issue 15)
                await headLog.StartAsync(cancellationToken).ConfigureAwait(false);
                var database = store.Connection is { } connection ? ConnectionStrings.Redact(connection) : "SQLite in the data directory";
                session.Runner!.Get<ILoggerFactory>().CreateLogger("Orchestrator.Serve").LogInformation("Serving {DataDirectory} on {Store}: {Database}", dataDir, store.Kind, database);
                Console.Out.WriteLine($"serving {dataDir} (pid {System.Environment.ProcessId}); Ctrl+C to stop");
                // The monitor's first round starts once the dashboard listens: at 1,000 hierarchies a round takes the
                // machine's cores for a moment, and the listener and its first answers come first.
                session.StartMonitoring();
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                Console.Out.WriteLine("stopping");
                await headLog.StopAsync(CancellationToken.None).ConfigureAwait(false);
                if (session.Runner!.Get<IWorldStateStore>() is PostgresWorldStateStore world)
                {
                    // How this runner's world updates ended (optimistic commits, conflicts per table, fallbacks): the storm benchmark reads it.
                    session.Runner.Get<ILoggerFactory>().CreateLogger("Orchestrator.Serve").LogInformation("World updates: {Outcomes}", world.Outcomes);
                }

                return ExitCodes.Ok;
            }
            finally
            {
                if (dashboard is not null)
                {
                    await dashboard.DisposeAsync().ConfigureAwait(false); // before the session stops the runtime and releases the lock
                }
            }
        });
        return command;
    }

    /// <summary>Starts the dashboard; when it cannot listen, warns why and goes on serving without it.</summary>
    private static async Task<DashboardServer?> StartDashboardAsync(CliServices services, ListenAddress address, string dataDir, CancellationToken cancellationToken)
    {
        var (server, problem) = await DashboardServer.TryStartAsync(
            new DashboardDependencies(services.Mediator, services.Get<IProcedureStore>(), services.Get<ProcedureCatalog>(), services.Get<TimeProvider>(),
                services.Get<JobStorage>(), services.Get<ILoggerFactory>(), dataDir),
            address, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            services.Get<ILoggerFactory>().CreateLogger("Orchestrator.Dashboard").LogWarning(
                "The web dashboard did not start on {Address}: {Problem}. Serving goes on without it; pick another address with --listen HOST:PORT (port 0 for any free one), or pass --no-dashboard",
                address.ToString(), problem);
            return null;
        }

        var signIn = new DashboardCredentialStore(dataDir).Load() is null ? "open to this machine only" : "sign-in required";
        foreach (var url in server.Urls)
        {
            Console.Out.WriteLine($"dashboard at {url}/ ({signIn})");
        }

        return server;
    }
}
