using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>An agent in this process (Kestrel on loopback, free ports) over a data directory, and a client with its token.</summary>
public sealed class TestAgent : IAsyncDisposable
{
    public const string Token = "s3cret-agent-token-7f1c";

    private TestAgent(AgentServer server, string dataDirectory)
    {
        Server = server;
        DataDirectory = dataDirectory;
        Client = ClientFor(new Uri(server.Urls[0]), Token);
    }

    public AgentServer Server { get; }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    public static async Task<TestAgent> StartAsync(
        string dataDirectory, IReadOnlyList<IResourceKind> kinds, string[]? listen = null, string? token = Token, X509Certificate2? certificate = null)
    {
        var server = await AgentServer.StartAsync(new AgentOptions
        {
            Node = "node1",
            Listen = [.. (listen ?? ["127.0.0.1"]).Select(a => new IPEndPoint(IPAddress.Parse(a), 0))],
            Token = token,
            Certificate = certificate,
            DataDirectory = dataDirectory,
            Kinds = kinds,
            LoggerFactory = NullLoggerFactory.Instance,
        }, CancellationToken.None);
        return new TestAgent(server, dataDirectory);
    }

    public static HttpClient ClientFor(Uri baseAddress, string? token, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = baseAddress;
        client.Timeout = TimeSpan.FromSeconds(30);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static AgentActionRequest Start(string kind, string name, string? key, long token = 0, int timeoutSeconds = 10, IReadOnlyDictionary<string, string>? parameters = null) =>
        new(key, token, new ResourceSpec(kind, name, parameters ?? new Dictionary<string, string>()), ResourceVerb.Start, timeoutSeconds);

    public async Task<(HttpStatusCode Status, AgentActionResponse Response)> ActAsync(AgentActionRequest request) => await ActAsync(Client, request);

    public static async Task<(HttpStatusCode Status, AgentActionResponse Response)> ActAsync(HttpClient client, AgentActionRequest request)
    {
        using var response = await client.PostAsJsonAsync(AgentRoutes.Actions, request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<AgentActionResponse>())!);
    }

    public async Task<IReadOnlyList<AgentLedgerEntry>> LedgerAsync() => (await Client.GetFromJsonAsync<List<AgentLedgerEntry>>(AgentRoutes.Ledger))!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
