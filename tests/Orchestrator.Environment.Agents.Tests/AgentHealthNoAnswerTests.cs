using System.Diagnostics;
using Orchestrator.Environment.Agents.Tests.Support;

namespace Orchestrator.Environment.Agents.Tests;

/// <summary>
/// A URL that gave no health answer in time is not asked again at once: the monitor's node probe and path probe of one
/// round ask the same URL one after the other, and a dead node made the round wait the health timeout twice.
/// </summary>
public sealed class AgentHealthNoAnswerTests
{
    [Fact]
    public async Task AHealthQuestionRightAfterNoAnswer_IsAnsweredNotAnsweringAtOnce_AndAskedAgainOnceTheWindowPassed()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var options = new AgentOptions { HealthTimeout = TimeSpan.FromMilliseconds(1500) };
        using var client = new AgentClient(options);
        var node1 = cluster.Definition.FindNode("node1")!;
        var url = cluster.Node1.Urls[0];
        cluster.Node1.Silence(url);

        var clock = Stopwatch.StartNew();
        Assert.False(await client.AnswersHealthAsync(node1, url, CancellationToken.None));
        var first = clock.Elapsed;
        clock.Restart();
        Assert.False(await client.AnswersHealthAsync(node1, url, CancellationToken.None));
        var second = clock.Elapsed;
        await Task.Delay(600);
        clock.Restart();
        Assert.False(await client.AnswersHealthAsync(node1, url, CancellationToken.None));
        var third = clock.Elapsed;

        Assert.True(first >= TimeSpan.FromMilliseconds(1400), $"the first question should wait the health timeout: {first.TotalMilliseconds:0} ms");
        Assert.True(second < TimeSpan.FromMilliseconds(300), $"the second, right after, should not wait again: {second.TotalMilliseconds:0} ms");
        Assert.True(third >= TimeSpan.FromMilliseconds(1400), $"after the window the URL is asked again: {third.TotalMilliseconds:0} ms");
        Assert.True(await client.AnswersHealthAsync(cluster.Definition.FindNode("node2")!, cluster.Node2.Urls[0], CancellationToken.None));
    }
}
