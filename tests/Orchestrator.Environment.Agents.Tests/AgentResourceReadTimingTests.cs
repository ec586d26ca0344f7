using System.Diagnostics;
using Orchestrator.Environment.Agents.Tests.Support;
using Orchestrator.Environment.Ports;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>A node's resources are read with its agent's monitors all at once: a read costs its slowest monitor, not their sum.</summary>
public sealed class AgentResourceReadTimingTests
{
    private const string Address = "198.18.7.100";

    [Fact]
    public async Task ANodesServiceVolumeAndAddress_WithMonitorsOf400msEach_AreReadInAboutOneMonitorsTime()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var options = new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(300), MonitorTimeout = TimeSpan.FromSeconds(2) };
        using var client = new AgentClient(options);
        var environment = new AgentEnvironment(cluster, client, options);
        cluster.Node1.SetRunning("service", "postfix", true);
        cluster.Node1.SetRunning("volume", "mail", true);
        cluster.Node1.SetRunning("ip", Address, true);
        var query = new NodeResourceQuery("node1", ["postfix"], ["mail"], [Address], []);
        await environment.ReadResourcesAsync(query, CancellationToken.None); // connections made
        cluster.Node1.MonitorDelay = TimeSpan.FromMilliseconds(400);

        var clock = Stopwatch.StartNew();
        var read = await environment.ReadResourcesAsync(query, CancellationToken.None);
        var took = clock.Elapsed;

        Assert.Equal(ServiceState.Running, read.StateOf("postfix"));
        Assert.True(read.IsMounted("mail"));
        Assert.True(read.Owns(Address));
        Assert.True(took >= TimeSpan.FromMilliseconds(350), $"each monitor takes 400 ms: {took.TotalMilliseconds:0} ms");
        Assert.True(took < TimeSpan.FromMilliseconds(1000), $"the three monitors should run at once (400 ms, not 1,200): {took.TotalMilliseconds:0} ms");
    }
}
