using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Domain.Cluster;
using Orchestrator.Environment.Ports;
using Orchestrator.Node.Agent;

namespace Orchestrator.Environment.Agents;

/// <summary>
/// Talks to the nodes' agents over the HTTP contract of <see cref="AgentRoutes"/>: one HttpClient per node, the Bearer
/// token read from the node's token file at each use (never kept, never logged), each request bounded by a timeout.
/// An action is sent to the node's URLs in order until one answers (the ledger makes a repeat harmless). A node that dies
/// while a request waits on it is given up within about the health timeout, not the action's (<see cref="DeadPeerSocket"/>).
/// </summary>
public sealed class AgentClient(AgentOptions options) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly JsonSerializerOptions Send = new(JsonSerializerDefaults.Web);

    /// <summary>How long a URL's "no answer in time" stands for the next health question (well under a monitor interval: the next round asks again).</summary>
    private static TimeSpan NoAnswerKept(TimeSpan timeout) => TimeSpan.FromMilliseconds(Math.Min(500, timeout.TotalMilliseconds));
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> _noAnswer = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sends <paramref name="request"/> to the node's agent; throws a transient <see cref="EnvironmentException"/> when no URL answers.</summary>
    public async Task<AgentActionResponse> ActAsync(NodeDefinition node, AgentActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agent = AgentOf(node);
        var token = ReadToken(node, agent);
        var failures = new List<string>();
        foreach (var url in agent.Urls)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(request.TimeoutSeconds) + options.AnswerMargin);
            using var message = new HttpRequestMessage(HttpMethod.Post, Combine(url, AgentRoutes.Actions)) { Content = JsonContent.Create(request, options: Send) };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await ClientOf(node).SendAsync(message, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failures.Add($"{url}: {(e is OperationCanceledException ? "no answer in time" : e.Message)}");
                continue;
            }

            using (response)
            {
                return await ReadAsync(node, url, response, cancellationToken).ConfigureAwait(false);
            }
        }

        throw new EnvironmentException($"the agent of node {node.Name} did not answer ({string.Join("; ", failures)})");
    }

    /// <summary>
    /// Whether the agent answers /v1/health at <paramref name="url"/>: true when it does, false when nothing answers there in
    /// time (the path carries no traffic); an answer that is not health (a refused token, a server error) throws: unknown.
    /// A URL that gave no answer in time stays "not answering" for <see cref="NoAnswerKept"/> without being asked again:
    /// the monitor's node probe and path probe of one round ask the same URL one after the other, and a dead node made
    /// the round wait the health timeout twice.
    /// </summary>
    public Task<bool> AnswersHealthAsync(NodeDefinition node, string url, CancellationToken cancellationToken) =>
        AnswersHealthAsync(node, url, options.HealthTimeout, cancellationToken);

    /// <summary>As <see cref="AnswersHealthAsync(NodeDefinition, string, CancellationToken)"/>, waiting at most <paramref name="healthTimeout"/> (the monitor's, from the cluster's settings).</summary>
    public async Task<bool> AnswersHealthAsync(NodeDefinition node, string url, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        var agent = AgentOf(node);
        var token = ReadToken(node, agent);
        if (_noAnswer.TryGetValue(url, out var since) && Stopwatch.GetElapsedTime(since) < NoAnswerKept(healthTimeout))
            return false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(healthTimeout);
        using var message = new HttpRequestMessage(HttpMethod.Get, Combine(url, AgentRoutes.Health));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await ClientOf(node).SendAsync(message, timeout.Token).ConfigureAwait(false);
            _noAnswer.TryRemove(url, out _);
            if (response.StatusCode == HttpStatusCode.OK)
                return true;
            throw new EnvironmentException($"the agent of node {node.Name} at {url} answered health with HTTP {(int)response.StatusCode}{Refusal(response.StatusCode)}");
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _noAnswer[url] = Stopwatch.GetTimestamp();
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        _clients.Clear();
    }

    private static async Task<AgentActionResponse> ReadAsync(NodeDefinition node, string url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict)
        {
            AgentActionResponse? answer = null;
            try
            {
                answer = await response.Content.ReadFromJsonAsync<AgentActionResponse>(Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException) when (response.StatusCode == HttpStatusCode.Conflict)
            {
            }

            if (response.StatusCode == HttpStatusCode.Conflict)
                return answer is { Outcome: AgentOutcome.Stale } ? answer : new AgentActionResponse(AgentOutcome.Stale, Node.OcfExit.GenericError, "refused as stale (HTTP 409)");
            return answer ?? throw new EnvironmentException($"the agent of node {node.Name} at {url} answered an empty body");
        }

        var transient = response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest);
        throw new EnvironmentException($"the agent of node {node.Name} at {url} answered HTTP {(int)response.StatusCode}{Refusal(response.StatusCode)}", transient);
    }

    private static string Refusal(HttpStatusCode status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        ? " (the token was refused: check that the node's token-file holds the agent's token)"
        : "";

    private static NodeAgent AgentOf(NodeDefinition node) =>
        node.Agent ?? throw new EnvironmentException($"node {node.Name} has no agent in the cluster definition; add 'agent:' with 'urls' and 'token-file'", transient: false);

    private static string ReadToken(NodeDefinition node, NodeAgent agent)
    {
        try
        {
            return File.ReadAllText(agent.TokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvironmentException($"the token file {agent.TokenFile} of node {node.Name} cannot be read ({e.GetType().Name}); check its path and owner", transient: false);
        }
    }

    private static Uri Combine(string url, string route) => new(new Uri(url.EndsWith('/') ? url : url + "/"), route.TrimStart('/'));

    private HttpClient ClientOf(NodeDefinition node) =>
        _clients.GetOrAdd(node.Name, _ => new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = options.HealthTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => DeadPeerSocket.ConnectAsync(context.DnsEndPoint, options.HealthTimeout, cancellationToken),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });
}
