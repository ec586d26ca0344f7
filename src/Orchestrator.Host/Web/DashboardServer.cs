using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Host.Web.Data;
using Orchestrator.Host.Web.Endpoints;
using Orchestrator.Host.Web.Security;

namespace Orchestrator.Host.Web;

/// <summary>
/// The web dashboard inside `serve`: a small ASP.NET Core application next to the runtime whose services come from
/// the orchestrator's own container (the mediator, the procedure catalog and store, Hangfire's job storage, logging).
/// It serves the product's pages and JSON, and the Hangfire Dashboard (read-only) at /hangfire, all behind
/// <see cref="DashboardAccessRule"/>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, IReadOnlyList<string> urls)
    {
        _app = app;
        Urls = urls;
    }

    /// <summary>Where it listens, as bound (a port 0 resolved), e.g. http://127.0.0.1:5080.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>
    /// Starts the dashboard. Call <see cref="DashboardAccessRule.EnsureMayStart"/> first: this assumes the bind is allowed.
    /// Returns the problem instead of throwing when it cannot listen (the port is taken, the address is not this machine's),
    /// so the caller can go on without it.
    /// </summary>
    public static async Task<(DashboardServer? Server, string? Problem)> TryStartAsync(DashboardDependencies orchestrator, ListenAddress listen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        ArgumentNullException.ThrowIfNull(listen);
        var app = Build(orchestrator, listen);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            return (null, e.Message.TrimEnd('.'));
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        return (new DashboardServer(app, addresses), null);
    }

    private static WebApplication Build(DashboardDependencies orchestrator, ListenAddress listen)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "Orchestrator.Dashboard",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            if (listen.IsLocalhost)
            {
                options.ListenLocalhost(listen.Port);
            }
            else if (listen.IsAnyAddress)
            {
                options.ListenAnyIP(listen.Port);
            }
            else
            {
                options.Listen(listen.Address!, listen.Port);
            }
        });

        builder.Logging.ClearProviders()
            .AddProvider(new ForwardingLoggerProvider(orchestrator.LoggerFactory))
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None) // a failed start is reported by the caller, with what to do
            .AddFilter("Hangfire", LogLevel.Warning);

        var services = builder.Services;
        services.AddRoutingCore();
        services.AddSingleton(orchestrator.Mediator);
        services.AddSingleton(orchestrator.Procedures);
        services.AddSingleton(orchestrator.Catalog);
        services.AddSingleton(orchestrator.Time);
        services.AddSingleton(orchestrator.Jobs);
        services.AddSingleton(listen);
        services.AddSingleton(new DashboardCredentialStore(orchestrator.DataDirectory));
        services.AddSingleton<PasswordAttemptLimiter>();
        services.AddSingleton<DashboardAccessRule>();
        services.AddSingleton<DashboardData>();

        // What UseHangfireDashboard looks for, without AddHangfire (which would also reconfigure Hangfire's global
        // logging and job activator, both owned by the orchestrator's runtime).
        services.AddSingleton<IGlobalConfiguration>(GlobalConfiguration.Configuration);
        services.AddSingleton(DashboardRoutes.Routes);

        var app = builder.Build();
        app.UseMiddleware<DashboardErrorMiddleware>();
        app.UseMiddleware<DashboardAuthenticationMiddleware>();
        app.UseMiddleware<HangfireFormGuardMiddleware>();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new HangfireDashboardAccessFilter()],
            IsReadOnlyFunc = _ => true,
            DashboardTitle = "Orchestrator · Hangfire jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>());
        app.UseRouting();
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)); // requests in flight get that long
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
