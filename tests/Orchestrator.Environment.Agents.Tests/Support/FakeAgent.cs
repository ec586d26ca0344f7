using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Environment.Agents.Tests.Support;

/// <summary>
/// A node's agent at the edge of the tests: a Kestrel app on loopback addresses (one per communication path) that
/// implements the contract of <see cref="AgentRoutes"/> over an in-memory state: resources running or not, a ledger of
/// effect keys (a repeat is replayed), the highest fencing token per resource (a lower one is stale, HTTP 409). It records
/// every request, and can answer Failed with an OCF code, or stay silent on a URL, on demand.
/// </summary>
public sealed class FakeAgent : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _running = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _ledger = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _tokens = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, OcfExit> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _silent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly object _gate = new();
    private bool _disposed;

    private FakeAgent(string node, string token, WebApplication app)
    {
        Node = node;
        Token = token;
        _app = app;
    }

    public string Node { get; }

    public string Token { get; }

    /// <summary>One URL per path, in the order the hosts were given.</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    /// <summary>Every action received, in order (monitor included).</summary>
    public IReadOnlyList<Received> Actions => [.. _received];

    /// <summary>Start and stop requests only, in order.</summary>
    public IReadOnlyList<Received> Effects => [.. _received.Where(r => r.Request.Verb is ResourceVerb.Start or ResourceVerb.Stop)];

    public int Replays => _ledger.Values.Sum(n => n - 1);

    /// <summary>Starts an agent for <paramref name="node"/> listening on each of <paramref name="hosts"/> (loopback addresses), ephemeral ports.</summary>
    public static async Task<FakeAgent> StartAsync(string node, string token, params string[] hosts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            foreach (var host in hosts)
                k.Listen(System.Net.IPAddress.Parse(host), 0);
        });
        var app = builder.Build();
        var agent = new FakeAgent(node, token, app);
        app.MapGet(AgentRoutes.Health, (Delegate)agent.HealthAsync);
        app.MapPost(AgentRoutes.Actions, (Delegate)agent.ActAsync);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        agent.Urls = [.. hosts.Select(h => addresses.First(a => a.Contains($"//{h}:", StringComparison.Ordinal)))];
        return agent;
    }

    public bool IsRunning(string kind, string name) => _running.GetValueOrDefault(Key(kind, name));

    /// <summary>
    /// Whether an address answers from this node, for the <c>reach</c> probe (set by <see cref="FakeCluster"/>: held by any
    /// of its agents); <see cref="SetRunning"/> of ("reach", address) overrides it (an address held but not answering).
    /// </summary>
    public Func<string, bool>? Network { get; set; }

    /// <summary>How long each monitor action takes before it answers (an OCF agent's monitor is not instant).</summary>
    public TimeSpan MonitorDelay { get; set; }

    public void SetRunning(string kind, string name, bool running) => _running[Key(kind, name)] = running;

    /// <summary>The next actions on this resource answer Failed with <paramref name="exit"/> until <see cref="Heal"/>.</summary>
    public void Fail(string kind, string name, OcfExit exit) => _failures[Key(kind, name)] = exit;

    public void Heal(string kind, string name) => _failures.TryRemove(Key(kind, name), out _);

    /// <summary>Requests on <paramref name="url"/> get no answer (held until the client gives up): that path carries no traffic.</summary>
    public void Silence(string url) => _silent[new Uri(url).Authority] = true;

    /// <summary>Accepts a fencing token for the resource as a newer claim would have (so a lower one is stale).</summary>
    public void Accept(string kind, string name, long token) => _tokens[Key(kind, name)] = token;

    /// <summary>Stops the agent: every URL refuses connections (a dead agent, or a dead node).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Key(string kind, string name) => $"{kind}/{name}";

    private async Task<IResult> HealthAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is { } refused)
            return refused;
        return Results.Json(new AgentHealth(Node, "fake", DateTimeOffset.UtcNow), Json);
    }

    private async Task<IResult> ActAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is { } refused)
            return refused;
        var request = (await context.Request.ReadFromJsonAsync<AgentActionRequest>(Json, context.RequestAborted))!;
        _received.Enqueue(new Received(context.Request.Host.Value!, request, context.Request.Headers.Authorization.ToString()));
        var key = Key(request.Resource.Kind, request.Resource.Name);
        if (request.Verb is ResourceVerb.Monitor && MonitorDelay > TimeSpan.Zero)
            await Task.Delay(MonitorDelay, context.RequestAborted);
        lock (_gate)
        {
            if (request.Verb is ResourceVerb.Monitor && request.Resource.Kind == "reach" && !_running.ContainsKey(key) && !_failures.ContainsKey(key))
                return Answer(AgentOutcome.Applied, Network?.Invoke(request.Resource.Parameters!["address"]) == true ? OcfExit.Success : OcfExit.NotRunning);
            if (request.Verb is ResourceVerb.Monitor)
                return Answer(_failures.TryGetValue(key, out var failed) ? AgentOutcome.Failed : AgentOutcome.Applied,
                    failed != OcfExit.Success ? failed : _running.GetValueOrDefault(key) ? OcfExit.Success : OcfExit.NotRunning);
            if (request.FencingToken > 0 && _tokens.TryGetValue(key, out var highest) && request.FencingToken < highest)
                return Results.Json(new AgentActionResponse(AgentOutcome.Stale, OcfExit.GenericError, $"token {request.FencingToken} < {highest}"), Json, statusCode: 409);
            if (request.EffectKey is { } effect && _ledger.ContainsKey(effect))
            {
                _ledger[effect]++;
                return Answer(AgentOutcome.Replayed, OcfExit.Success);
            }

            if (_failures.TryGetValue(key, out var exit))
                return Answer(AgentOutcome.Failed, exit);
            if (request.FencingToken > 0)
                _tokens[key] = Math.Max(request.FencingToken, _tokens.GetValueOrDefault(key));
            if (request.EffectKey is { } applied)
                _ledger[applied] = 1;
            _running[key] = request.Verb == ResourceVerb.Start;
            return Answer(AgentOutcome.Applied, OcfExit.Success);
        }
    }

    private static IResult Answer(AgentOutcome outcome, OcfExit exit) => Results.Json(new AgentActionResponse(outcome, exit, $"{outcome} {exit}"), Json);

    private async Task<IResult?> RefusedAsync(HttpContext context)
    {
        if (_silent.ContainsKey(context.Request.Host.Value!))
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.StatusCode(503);
        }

        return context.Request.Headers.Authorization.ToString() == $"Bearer {Token}" ? null : Results.StatusCode(401);
    }

    /// <summary>One request as the agent received it: the address it came in on, its body and its Authorization header.</summary>
    public sealed record Received(string Host, AgentActionRequest Request, string Authorization);
}
