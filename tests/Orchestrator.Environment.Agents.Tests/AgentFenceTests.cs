using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;
using Orchestrator.Host.Composition;
using Orchestrator.Storage.Sqlite;

namespace Orchestrator.Environment.Agents.Tests;

public sealed class AgentFenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-fence-").FullName;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheFenceScript_RunsHere_WithTheNodeTheEffectKeyAndTheToken_EvenWhenTheNodesAgentIsDead()
    {
        var record = Path.Combine(_folder, "fenced");
        await using var cluster = await FakeCluster.StartAsync(fence1: Script("fence", $"echo \"$1 $ORCHESTRATOR_EFFECT_KEY $ORCHESTRATOR_FENCING_TOKEN\" >> {record}"));
        await cluster.Node1.DisposeAsync(); // the node is dead: the fence device acts, not the node
        var options = new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = new AgentClient(options);
        var agents = new AgentEnvironment(cluster, client, options);

        await agents.EnsureFencedAsync("node1", new EffectKey(12, 4, 2, FencingToken: 77), CancellationToken.None);

        Assert.Equal("node1 12:4:2 77\n", await File.ReadAllTextAsync(record));
        Assert.True(await agents.IsFencedAsync("node1", CancellationToken.None));
        Assert.False(await agents.IsFencedAsync("node2", CancellationToken.None));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AFenceScriptThatFails_OrDoesNotEndInTime_FailsTheFencingTransiently()
    {
        await using var cluster = await FakeCluster.StartAsync(
            fence1: Script("fails", "echo 'power switch unreachable' >&2; exit 3"), fence2: Script("hangs", "sleep 30"));
        var options = new AgentOptions { FenceTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = new AgentClient(options);
        var agents = new AgentEnvironment(cluster, client, options);

        var failed = await Assert.ThrowsAsync<EnvironmentException>(() => agents.EnsureFencedAsync("node1", new EffectKey(1, 1, 1), CancellationToken.None));
        var started = DateTime.UtcNow;
        var hung = await Assert.ThrowsAsync<EnvironmentException>(() => agents.EnsureFencedAsync("node2", new EffectKey(1, 2, 1), CancellationToken.None));

        Assert.True(failed.Transient);
        Assert.EndsWith("exited 3: power switch unreachable", failed.Message, StringComparison.Ordinal);
        Assert.True(hung.Transient);
        Assert.Contains("did not end within 0.3 s; killed", hung.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AFence_OutlivesTheOrchestratorThatMadeIt_AndIsKnownToAnother_UntilTheNodesAgentAnswersAgain()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var database = new OrchestratorDatabase(Path.Combine(_folder, "data"));
        database.EnsureCreated();
        var options = new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = new AgentClient(options);
        AgentEnvironment Runner() => new(cluster, client, options, new StoredFenceRecords(new SqliteFencedNodeStore(database.Connections), TimeProvider.System));
        await cluster.Node1.DisposeAsync(); // node1 is dead
        await Runner().EnsureFencedAsync("node1", new EffectKey(12, 4, 2, FencingToken: 77), CancellationToken.None);
        await Runner().EnsureFencedAsync("node2", new EffectKey(13, 4, 2, FencingToken: 78), CancellationToken.None); // node2's agent still answers

        var restarted = Runner(); // a new process (restarted serve, or a second runner on the store): nothing in memory

        Assert.True(await restarted.IsFencedAsync("NODE1", CancellationToken.None));
        Assert.False(await restarted.IsFencedAsync("node2", CancellationToken.None)); // its agent answers: the node came back, the fence ended
        var store = new SqliteFencedNodeStore(database.Connections);
        Assert.Equal("12:4:2", (await store.GetAsync("node1", CancellationToken.None))?.EffectKey);
        Assert.Null(await store.GetAsync("node2", CancellationToken.None));
    }

    [Fact]
    public async Task TheProduct_KeepsTheAgentsFences_InItsStore()
    {
        await using var cluster = await FakeCluster.StartAsync();
        await using var orchestrator = await AgentsOrchestrator.StartAsync(cluster.Yaml, new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(300) });
        await cluster.Node1.DisposeAsync();

        await orchestrator.Get<AgentEnvironment>().EnsureFencedAsync("node1", new EffectKey(5, 1, 1, FencingToken: 3), CancellationToken.None);

        Assert.IsType<StoredFenceRecords>(orchestrator.Get<IFenceRecords>());
        Assert.Equal("5:1:1", (await orchestrator.Get<Orchestrator.Storage.Fencing.IFencedNodeStore>().GetAsync("node1", CancellationToken.None))?.EffectKey);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private string Script(string name, string body)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
