using System.Diagnostics;
using Orchestrator.Domain.Cluster;
using Orchestrator.Engine.Definitions;
using Orchestrator.Environment.Agents.Tests.Support;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// What a dead node costs the monitor's round: its agent's URLs (one per path) are asked at once, so one health timeout,
/// not one per path; and that timeout is the file's health-timeout-ms, else the monitor interval capped at 2 s. The tests
/// time wall-clock waits, so they run alone (<see cref="AgentHealthTimingCollection"/>): no other test of this process
/// competes for its thread pool while a probe's timeout is timed.
/// </summary>
[Collection(nameof(AgentHealthTimingTests))]
public sealed class AgentHealthTimingTests
{
    [Fact]
    public async Task ANodeSilentOnBothPaths_IsDownAfterOneHealthTimeout_NotOnePerPath()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var slowRounds = cluster.Definition with { Settings = cluster.Definition.Settings with { MonitorIntervalSeconds = 5 } };
        using var client = new AgentClient(new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(1500) });
        var environment = new AgentEnvironment(new Fixed(slowRounds), client, new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(1500) });
        await WarmAsync(environment);
        foreach (var url in cluster.Node1.Urls)
            cluster.Node1.Silence(url);

        var clock = Stopwatch.StartNew();
        Assert.False(await environment.IsUpAsync("node1", CancellationToken.None));
        var down = clock.Elapsed;

        Assert.True(down >= TimeSpan.FromMilliseconds(1400), $"it should wait the health timeout: {down.TotalMilliseconds:0} ms");
        Assert.True(down < TimeSpan.FromMilliseconds(2600), $"both paths should be asked at once (one timeout, not two): {down.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ANodeSilentOnOnePath_IsUpAsSoonAsTheOtherAnswers()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var options = new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(1500) };
        using var client = new AgentClient(options);
        var slowRounds = cluster.Definition with { Settings = cluster.Definition.Settings with { MonitorIntervalSeconds = 5 } };
        var environment = new AgentEnvironment(new Fixed(slowRounds), client, options);
        await WarmAsync(environment);
        cluster.Node1.Silence(cluster.Node1.Urls[0]);

        var clock = Stopwatch.StartNew();
        Assert.True(await environment.IsUpAsync("node1", CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1000), $"the answering path should not wait for the silent one: {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task WithoutHealthTimeoutInTheFile_AMonitorIntervalOf1s_CapsTheHealthTimeoutAt1s()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var options = new AgentOptions(); // the host's ceiling: 2 s
        using var client = new AgentClient(options);
        var environment = new AgentEnvironment(cluster, client, options); // the lab sample: monitor-interval 1
        await WarmAsync(environment);
        foreach (var url in cluster.Node1.Urls)
            cluster.Node1.Silence(url);

        var clock = Stopwatch.StartNew();
        Assert.False(await environment.IsUpAsync("node1", CancellationToken.None));
        var down = clock.Elapsed;

        Assert.True(down >= TimeSpan.FromMilliseconds(900), $"it should wait the health timeout: {down.TotalMilliseconds:0} ms");
        Assert.True(down < TimeSpan.FromMilliseconds(1700), $"the health timeout should be the 1 s interval, not 2 s: {down.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task TheFilesHealthTimeout_IsTheOneTheProbesWait()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var parsed = ClusterDefinitionParser.ParseAndValidate(cluster.Yaml.Replace("  monitor-interval: 1\n", "  monitor-interval: 1\n  health-timeout-ms: 400\n", StringComparison.Ordinal));
        Assert.True(parsed.Errors.Count == 0, ClusterDefinitionParser.Format("lab.yaml", parsed.Errors));
        Assert.Equal(400, parsed.Definition!.Settings.HealthTimeoutMilliseconds);
        var options = new AgentOptions();
        using var client = new AgentClient(options);
        var environment = new AgentEnvironment(new Fixed(parsed.Definition), client, options);
        await WarmAsync(environment);
        foreach (var url in cluster.Node1.Urls)
            cluster.Node1.Silence(url);

        var clock = Stopwatch.StartNew();
        Assert.False(await environment.IsUpAsync("node1", CancellationToken.None));
        var down = clock.Elapsed;

        Assert.True(down >= TimeSpan.FromMilliseconds(350), $"it should wait the file's health timeout: {down.TotalMilliseconds:0} ms");
        Assert.True(down < TimeSpan.FromMilliseconds(900), $"it should wait the file's 400 ms, not the interval: {down.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void AHealthTimeoutOfZero_IsRefusedWithTheFix()
    {
        var parsed = ClusterDefinitionParser.ParseAndValidate(LabAgentsSample.With("  monitor-interval: 1", "  monitor-interval: 1\n  health-timeout-ms: 0"));

        Assert.Null(parsed.Definition);
        var error = Assert.Single(parsed.Errors, e => e.Message.Contains("health-timeout-ms", StringComparison.Ordinal));
        Assert.Contains("at least 1", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Both nodes asked once while they answer, so the clock in each test times the probes, not the first call's start-up
    /// (each node's HTTP client, its connections, the code's first run).
    /// </summary>
    private static async Task WarmAsync(AgentEnvironment environment)
    {
        Assert.True(await environment.IsUpAsync("node1", CancellationToken.None));
        Assert.True(await environment.IsUpAsync("node2", CancellationToken.None));
    }

    private sealed class Fixed(ClusterDefinition definition) : IAgentClusterSource
    {
        public Task<ClusterDefinition> GetAsync(CancellationToken cancellationToken) => Task.FromResult(definition);
    }
}
