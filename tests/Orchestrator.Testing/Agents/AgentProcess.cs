using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Orchestrator.Node.Agent;

namespace Orchestrator.Testing.Agents;

/// <summary>
/// `orchestrator agent --node NODE` as a child process (the built CLI) on a free loopback port, with its own data
/// directory and the token in a 0600 file: started and waited for until its /v1/health answers, its ledger read over
/// HTTP, killed (with its children) on dispose.
/// </summary>
public sealed partial class AgentProcess : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _client;

    private AgentProcess(string node, RunningOrchestrator process, Uri url, string token)
    {
        Node = node;
        Process = process;
        Url = url;
        _client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Node { get; }

    public RunningOrchestrator Process { get; }

    /// <summary>The URL it listens on (http://127.0.0.1:PORT/), as a cluster file's 'agent: urls' names it.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts the agent of <paramref name="node"/> on <paramref name="dataDirectory"/> with <paramref name="tokenFile"/>
    /// (see <see cref="WriteTokenFile"/>); <paramref name="environment"/> is passed to it (and so to the scripts it runs).
    /// Returns once /v1/health answers with the token.
    /// </summary>
    public static async Task<AgentProcess> StartAsync(string node, string dataDirectory, string tokenFile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var token = File.ReadAllText(tokenFile).Trim();
        var process = OrchestratorProcess.Start(
            ["--data-dir", dataDirectory, "agent", "--node", node, "--listen", "127.0.0.1:0", "--token-file", tokenFile], environment);
        if (!await process.WaitForOutputAsync("ready", Startup).ConfigureAwait(false) || Listening().Match(process.StdOutSoFar) is not { Success: true } match)
        {
            var result = await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            process.Dispose();
            Assert.Fail($"the agent of {node} did not start; {result}");
            throw new UnreachableException();
        }

        var agent = new AgentProcess(node, process, new Uri(match.Groups[1].Value.TrimEnd('/') + "/"), token);
        var clock = Stopwatch.StartNew();
        while (!await agent.AnswersHealthAsync().ConfigureAwait(false))
        {
            if (clock.Elapsed > Startup || process.HasExited)
            {
                agent.Dispose();
                Assert.Fail($"the agent of {node} said it was ready but /v1/health did not answer at {agent.Url}: {process.StdOutSoFar} {process.StdErrSoFar}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return agent;
    }

    /// <summary>Writes <paramref name="token"/> to <paramref name="path"/>, readable by its owner only (as the agent and the cluster file require).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string WriteTokenFile(string path, string token)
    {
        File.WriteAllText(path, token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>Whether GET /v1/health answers 200 (with the token) for this agent's node.</summary>
    public async Task<bool> AnswersHealthAsync()
    {
        try
        {
            var health = await _client.GetFromJsonAsync<AgentHealth>(AgentRoutes.Health.TrimStart('/'), Json).ConfigureAwait(false);
            return health?.Node == Node;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The agent's ledger: every effect key it applied (or replayed, or refused) for start and stop.</summary>
    public async Task<IReadOnlyList<AgentLedgerEntry>> LedgerAsync() =>
        await _client.GetFromJsonAsync<List<AgentLedgerEntry>>(AgentRoutes.Ledger.TrimStart('/'), Json).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the agent of {Node} answered an empty ledger");

    public void Dispose()
    {
        _client.Dispose();
        Process.Dispose();
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex Listening();
}
