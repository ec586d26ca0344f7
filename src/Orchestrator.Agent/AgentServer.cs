using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent;

/// <summary>
/// A node's agent (<c>orchestrator agent</c>): Kestrel on one address per communication path (HTTPS with a
/// certificate), the bearer token on every route, and the routes of <see cref="AgentRoutes"/> over
/// <see cref="AgentActions"/> and its ledger.
/// </summary>
public sealed class AgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AgentLedger _ledger;

    private AgentServer(WebApplication app, AgentLedger ledger, IReadOnlyList<string> urls)
    {
        _app = app;
        _ledger = ledger;
        Urls = urls;
    }

    /// <summary>Where it listens, as bound (a port 0 resolved), e.g. http://127.0.0.1:7001.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The agent's version, as <see cref="AgentHealth.Version"/> answers it.</summary>
    public static string Version { get; } =
        typeof(AgentServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    /// <summary>Opens the ledger and starts listening; throws <see cref="AgentConfigurationException"/> when the options are refused.</summary>
    public static async Task<AgentServer> StartAsync(AgentOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (AgentAccessRule.Refusal(options.Listen, options.Token is not null) is { } refusal)
        {
            throw new AgentConfigurationException(refusal);
        }

        var catalog = new ResourceKindCatalog(options.Kinds);
        if (AgentAccessRule.Warning(options.Token is not null) is { } warning)
        {
            options.LoggerFactory.CreateLogger<AgentServer>().LogWarning("{Warning}", warning);
        }

        var ledger = AgentLedger.Open(options.DataDirectory);
        WebApplication? app = null;
        try
        {
            app = Build(options, new AgentActions(catalog, ledger, options.Node, options.Time, options.LoggerFactory.CreateLogger<AgentActions>()));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            options.LoggerFactory.CreateLogger<AgentServer>().LogInformation("Agent of {Node} listening on {Urls} with kinds {Kinds}", options.Node, urls, catalog.Names);
            return new AgentServer(app, ledger, urls);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            ledger.Dispose();
            throw;
        }
    }

    private static WebApplication Build(AgentOptions options, AgentActions actions)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = "Orchestrator.Agent",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var endpoint in options.Listen)
            {
                kestrel.Listen(endpoint, listen =>
                {
                    if (options.Certificate is { } certificate)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            }
        });
        builder.Logging.ClearProviders()
            .AddProvider(new AgentLoggerProvider(options.LoggerFactory))
            .AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(options);

        var app = builder.Build();
        app.UseMiddleware<BearerTokenMiddleware>();
        app.UseRouting();
        Map(app, options, actions);
        return app;
    }

    private static void Map(IEndpointRouteBuilder routes, AgentOptions options, AgentActions actions)
    {
        routes.MapPost(AgentRoutes.Actions, async context =>
        {
            AgentActionRequest? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<AgentActionRequest>(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                request = null;
            }

            // The action runs to its end even when the caller goes away: its outcome is in the ledger for the retry.
            var answer = await actions.RunAsync(request, context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping).ConfigureAwait(false);
            context.Response.StatusCode = answer.StatusCode;
            await context.Response.WriteAsJsonAsync(answer.Response, context.RequestAborted).ConfigureAwait(false);
        });
        routes.MapGet(AgentRoutes.Health, context =>
            context.Response.WriteAsJsonAsync(new AgentHealth(options.Node, Version, options.Time.GetUtcNow()), context.RequestAborted));
        routes.MapGet(AgentRoutes.Ledger, context =>
            context.Response.WriteAsJsonAsync(actions.Ledger(), context.RequestAborted));
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
            _ledger.Dispose();
        }
    }
}
