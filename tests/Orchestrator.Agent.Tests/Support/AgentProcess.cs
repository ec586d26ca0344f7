using System.Text.RegularExpressions;
using Orchestrator.Agent.Tests.Kinds;
using Orchestrator.Testing;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>
/// `orchestrator agent` as a child process (the built CLI) on loopback with the test kinds of this assembly
/// (<c>--kinds-assembly</c>, test only), and a client with its token.
/// </summary>
public sealed partial class AgentProcess : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);

    private AgentProcess(RunningOrchestrator process, Uri address, string token)
    {
        Process = process;
        Address = address;
        Client = TestAgent.ClientFor(address, token);
    }

    public RunningOrchestrator Process { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The arguments of an agent of node1 on <paramref name="dataDirectory"/>, before any extra ones.</summary>
    public static List<string> Arguments(string dataDirectory, string tokenFile, string listen = "127.0.0.1:0") =>
        ["--data-dir", dataDirectory, "agent", "--node", "node1", "--listen", listen, "--token-file", tokenFile, "--kinds-assembly", typeof(CountingKind).Assembly.Location];

    public static async Task<AgentProcess> StartAsync(string dataDirectory, string tokenFile, string token)
    {
        var process = OrchestratorProcess.Start(Arguments(dataDirectory, tokenFile));
        if (!await process.WaitForOutputAsync("ready", Startup) || Listening().Match(process.StdOutSoFar) is not { Success: true } match)
        {
            var result = await process.StopAsync(TimeSpan.FromSeconds(10));
            process.Dispose();
            Assert.Fail($"the agent did not start; {result}");
            throw new InvalidOperationException();
        }

        return new AgentProcess(process, new Uri(match.Groups[1].Value), token);
    }

    /// <summary>Writes <paramref name="token"/> to a file only its owner may read.</summary>
    public static string WriteTokenFile(string path, string token, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        File.WriteAllText(path, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }

    public void Dispose()
    {
        Client.Dispose();
        Process.Dispose();
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex Listening();
}
