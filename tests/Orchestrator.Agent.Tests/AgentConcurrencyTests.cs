using Orchestrator.Testing;
using System.Diagnostics;
using System.Net.Http.Json;
using Orchestrator.Agent.Tests.Kinds;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent.Tests;

/// <summary>Actions on one resource run one at a time, on different resources at once; a kind past its timeout is answered GenericError.</summary>
public sealed class AgentConcurrencyTests : IDisposable
{
    private static readonly Dictionary<string, string> Slow = new() { ["delayMs"] = "150" };

    private readonly ScratchDirectory _dir = new();

    [Fact]
    public async Task OneResource_IsNeverStartedAndStoppedAtOnce_WhileTwoResourcesRunInParallel()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);

        var sameResource = Enumerable.Range(1, 4).Select(i => agent.ActAsync(
            TestAgent.Start("recording", "ip1", $"9:{i}:1", parameters: Slow) with { Verb = i % 2 == 0 ? ResourceVerb.Stop : ResourceVerb.Start }));
        var answers = await Task.WhenAll(sameResource);
        var onePerResource = kind.MaxPerResource;
        await Task.WhenAll(
            agent.ActAsync(TestAgent.Start("recording", "ip2", "10:1:1", parameters: Slow)),
            agent.ActAsync(TestAgent.Start("recording", "ip3", "10:2:1", parameters: Slow)));

        Assert.All(answers, a => Assert.Equal(AgentOutcome.Applied, a.Response.Outcome));
        Assert.Equal(1, onePerResource);
        Assert.Equal(2, kind.MaxInAll);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneEffect_RunItOnce_TheOthersAreReplays()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", parameters: Slow))));

        Assert.Single(kind.Calls);
        Assert.Equal([AgentOutcome.Applied, AgentOutcome.Replayed, AgentOutcome.Replayed], answers.Select(a => a.Response.Outcome).Order());
    }

    [Fact]
    public async Task KindPastItsTimeout_IsAnsweredGenericError_AtTheTimeout_AndNotLedgered()
    {
        await using var agent = await TestAgent.StartAsync(_dir.Path, [new SleepingKind()]);
        var clock = Stopwatch.StartNew();

        var answer = await agent.ActAsync(TestAgent.Start("sleeping", "svc1", "7:2:1", timeoutSeconds: 1));

        Assert.Equal((AgentOutcome.Failed, OcfExit.GenericError), (answer.Response.Outcome, answer.Response.Exit));
        Assert.Contains("timed out after 1 s", answer.Response.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
        Assert.Empty(await agent.LedgerAsync());
    }

    [Fact]
    public async Task AfterATimeout_TheResourceStaysLockedUntilTheKindEnds_AndItsLateSuccessMakesTheRetryAReplay()
    {
        await using var agent = await TestAgent.StartAsync(_dir.Path, [new SleepingKind()]);
        var clock = Stopwatch.StartNew();

        var timedOut = await agent.ActAsync(TestAgent.Start("sleeping", "svc1", "7:2:1", timeoutSeconds: 1));
        var answeredAt = clock.Elapsed;
        var retry = await agent.ActAsync(TestAgent.Start("sleeping", "svc1", "7:2:1", timeoutSeconds: 10));

        Assert.Equal(AgentOutcome.Failed, timedOut.Response.Outcome);
        Assert.True(answeredAt < TimeSpan.FromSeconds(2.5), $"answered after {answeredAt}");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.9), $"the retry ran at {clock.Elapsed}, before the first action ended (3 s)");
        Assert.Equal(AgentOutcome.Replayed, retry.Response.Outcome);
    }

    [Fact]
    public async Task AnActionWithoutParameters_RunsWithNone()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);
        using var body = new StringContent("""{"effectKey":"7:2:1","fencingToken":0,"resource":{"kind":"recording","name":"ip1"},"verb":0,"timeoutSeconds":5}""",
            System.Text.Encoding.UTF8, "application/json");

        using var response = await agent.Client.PostAsync(AgentRoutes.Actions, body);

        var answer = await response.Content.ReadFromJsonAsync<AgentActionResponse>();
        Assert.Equal((System.Net.HttpStatusCode.OK, AgentOutcome.Applied), (response.StatusCode, answer!.Outcome));
        Assert.Single(kind.Calls);
    }

    public void Dispose() => _dir.Dispose();
}
