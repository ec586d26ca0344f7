using Orchestrator.Testing;
using System.Net;
using Orchestrator.Agent.Tests.Kinds;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Node;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent.Tests;

/// <summary>The agent's ledger: an effect applied once, a replay counted, a stale token refused, a failure retried.</summary>
public sealed class AgentLedgerTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    [Fact]
    public async Task Start_IsAppliedOnce_AndItsReplayIsCountedWithoutRunning()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);

        var first = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 4));
        var second = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 4));

        Assert.Equal((HttpStatusCode.OK, AgentOutcome.Applied, OcfExit.Success), (first.Status, first.Response.Outcome, first.Response.Exit));
        Assert.Equal((HttpStatusCode.OK, AgentOutcome.Replayed), (second.Status, second.Response.Outcome));
        Assert.Single(kind.Calls);
        var entry = Assert.Single(await agent.LedgerAsync());
        Assert.Equal(("7:2:1", "recording", "ip1", "start", 4L, 1, 1, 0), (entry.EffectKey, entry.Kind, entry.Resource, entry.Verb, entry.FencingToken, entry.Applied, entry.Replays, entry.Refusals));
    }

    [Fact]
    public async Task StaleToken_IsRefusedWith409_RunsNothing_AndIsRecorded()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);
        await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5));

        var stale = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 3));

        Assert.Equal((HttpStatusCode.Conflict, AgentOutcome.Stale), (stale.Status, stale.Response.Outcome));
        Assert.Contains("stale claim token 3 (accepted: 5)", stale.Response.Message, StringComparison.Ordinal);
        Assert.Single(kind.Calls);
        var entry = Assert.Single(await agent.LedgerAsync());
        Assert.Equal((5L, 1, 0, 1), (entry.FencingToken, entry.Applied, entry.Replays, entry.Refusals));
    }

    [Fact]
    public async Task ReplayUnderANewerClaim_RaisesTheAcceptedToken_SoTheOlderClaimIsThenStale()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);
        await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5));

        var newer = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 7));
        var older = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 6));

        Assert.Equal(AgentOutcome.Replayed, newer.Response.Outcome);
        Assert.Equal((HttpStatusCode.Conflict, AgentOutcome.Stale), (older.Status, older.Response.Outcome));
        Assert.Equal(7L, Assert.Single(await agent.LedgerAsync()).FencingToken);
    }

    [Fact]
    public async Task TokenZero_IsNeverStale_AndAnEffectNeverAppliedIsNotStale()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);
        await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5));

        var unclaimed = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 0));
        var otherEffect = await agent.ActAsync(TestAgent.Start("recording", "ip1", "8:1:1", token: 2));

        Assert.Equal(AgentOutcome.Replayed, unclaimed.Response.Outcome);
        Assert.Equal(AgentOutcome.Applied, otherEffect.Response.Outcome);
        Assert.Equal(2, kind.Calls.Count);
    }

    [Fact]
    public async Task Failure_IsNotRecordedAsApplied_SoARetryRunsItAgain()
    {
        var kind = new RecordingKind { FailNext = 1 };
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);

        var failed = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5));
        var ledgerAfterFailure = await agent.LedgerAsync();
        var retried = await agent.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5));

        Assert.Equal((HttpStatusCode.OK, AgentOutcome.Failed, OcfExit.GenericError), (failed.Status, failed.Response.Outcome, failed.Response.Exit));
        Assert.Empty(ledgerAfterFailure);
        Assert.Equal(AgentOutcome.Applied, retried.Response.Outcome);
        Assert.Equal(2, kind.Calls.Count);
        Assert.Equal(1, Assert.Single(await agent.LedgerAsync()).Applied);
    }

    [Fact]
    public async Task FailingKind_AnswersFailedWithItsMessage()
    {
        await using var agent = await TestAgent.StartAsync(_dir.Path, [new FailingKind()]);

        var failed = await agent.ActAsync(TestAgent.Start("failing", "svc1", "7:2:1"));

        Assert.Equal((AgentOutcome.Failed, OcfExit.GenericError, "the disk is on fire"), (failed.Response.Outcome, failed.Response.Exit, failed.Response.Message));
        Assert.Empty(await agent.LedgerAsync());
    }

    [Fact]
    public async Task Monitor_RunsEveryTime_AndIsNotLedgered()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);
        var monitor = TestAgent.Start("recording", "ip1", key: null) with { Verb = ResourceVerb.Monitor };

        var first = await agent.ActAsync(monitor);
        var second = await agent.ActAsync(monitor);

        Assert.Equal((AgentOutcome.Applied, AgentOutcome.Applied), (first.Response.Outcome, second.Response.Outcome));
        Assert.Equal(2, kind.Calls.Count);
        Assert.Empty(await agent.LedgerAsync());
    }

    [Fact]
    public async Task UnknownKind_Is400_NamingTheKindsTheAgentHas()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind, new FailingKind()]);

        var unknown = await agent.ActAsync(TestAgent.Start("ip", "ip1", "7:2:1"));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("unknown resource kind 'ip'", unknown.Response.Message, StringComparison.Ordinal);
        Assert.Contains("failing, recording", unknown.Response.Message, StringComparison.Ordinal);
        Assert.Empty(kind.Calls);
    }

    [Fact]
    public async Task StartWithoutAnEffectKey_Is400_AndRunsNothing()
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);

        var refused = await agent.ActAsync(TestAgent.Start("recording", "ip1", key: null));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("needs the effect key", refused.Response.Message, StringComparison.Ordinal);
        Assert.Empty(kind.Calls);
    }

    [Fact]
    public async Task Restart_KeepsTheLedger_SoAReplayRunsNothing()
    {
        await using (var before = await TestAgent.StartAsync(_dir.Path, [new RecordingKind()]))
        {
            Assert.Equal(AgentOutcome.Applied, (await before.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5))).Response.Outcome);
        }

        var kind = new RecordingKind();
        await using var after = await TestAgent.StartAsync(_dir.Path, [kind]);
        var replay = await after.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 5));
        var stale = await after.ActAsync(TestAgent.Start("recording", "ip1", "7:2:1", token: 4));

        Assert.Equal(AgentOutcome.Replayed, replay.Response.Outcome);
        Assert.Equal(AgentOutcome.Stale, stale.Response.Outcome);
        Assert.Empty(kind.Calls);
    }

    public void Dispose() => _dir.Dispose();
}
