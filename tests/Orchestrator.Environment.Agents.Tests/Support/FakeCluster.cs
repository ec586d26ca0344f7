using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Environment.Agents.Tests.Support;

/// <summary>
/// Two fake agents (node1 on 127.0.0.11 and 127.0.1.11, node2 on 127.0.0.12 and 127.0.1.12: one address per path), their
/// token in a 0600 file, and the lab sample pointed at them; disposing stops the agents and removes the files.
/// </summary>
public sealed class FakeCluster : IAgentClusterSource, IAsyncDisposable
{
    public const string Token = "fake-agent-token-7f3a";

    private FakeCluster(string folder, FakeAgent node1, FakeAgent node2, string yaml)
    {
        Folder = folder;
        Node1 = node1;
        Node2 = node2;
        Yaml = yaml;
        Definition = ClusterDefinitionParser.ParseAndValidate(yaml) is { Definition: { } d } ? d : throw new InvalidOperationException("the fake cluster's definition does not parse");
    }

    public string Folder { get; }

    public FakeAgent Node1 { get; }

    public FakeAgent Node2 { get; }

    public string Yaml { get; }

    public ClusterDefinition Definition { get; }

    public string TokenFile => Path.Combine(Folder, "agent.token");

    public static async Task<FakeCluster> StartAsync(string fence1 = "/bin/true", string fence2 = "/bin/true")
    {
        var folder = Directory.CreateTempSubdirectory("orch-fake-cluster-").FullName;
        var token = Path.Combine(folder, "agent.token");
        await File.WriteAllTextAsync(token, Token + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(token, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var node1 = await FakeAgent.StartAsync("node1", Token, "127.0.0.11", "127.0.1.11");
        var node2 = await FakeAgent.StartAsync("node2", Token, "127.0.0.12", "127.0.1.12");
        node1.Network = node2.Network = address => node1.IsRunning("ip", address) || node2.IsRunning("ip", address);
        return new FakeCluster(folder, node1, node2, LabAgentsSample.For(node1, node2, token, fence1, fence2));
    }

    public Task<ClusterDefinition> GetAsync(CancellationToken cancellationToken) => Task.FromResult(Definition);

    public async ValueTask DisposeAsync()
    {
        await Node1.DisposeAsync();
        await Node2.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
