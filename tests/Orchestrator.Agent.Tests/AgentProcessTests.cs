using System.Net;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Node;
using Orchestrator.Node.Agent;
using Orchestrator.Testing;

namespace Orchestrator.Agent.Tests;

/// <summary>`orchestrator agent` as a real process: what it refuses to start with, its logs, and kill -9 around an action.</summary>
public sealed class AgentProcessTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    private string DataDir => _dir.File("agent");

    [Fact]
    public async Task TokenFileReadableByOthers_IsRefused_WithTheFix_Exit2()
    {
        var tokenFile = AgentProcess.WriteTokenFile(_dir.File("token"), TestAgent.Token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await OrchestratorProcess.RunAsync(AgentProcess.Arguments(DataDir, tokenFile), timeout: TimeSpan.FromSeconds(30));

        result.ShouldExitWith(2);
        Assert.Contains($"chmod 600 {tokenFile}", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAgent.Token, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAToken_ANonLoopbackAddress_IsRefused_Exit2()
    {
        var result = await OrchestratorProcess.RunAsync(
            ["--data-dir", DataDir, "agent", "--node", "node1", "--listen", "127.0.0.1:0", "--listen", "0.0.0.0:0"], timeout: TimeSpan.FromSeconds(30));

        result.ShouldExitWith(2);
        Assert.Contains("without a token", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheToken_NeverAppearsInTheLogsOrTheAnswers()
    {
        var tokenFile = AgentProcess.WriteTokenFile(_dir.File("token"), TestAgent.Token);
        using var agent = await AgentProcess.StartAsync(DataDir, tokenFile, TestAgent.Token);
        using var wrong = TestAgent.ClientFor(agent.Address, "not-" + TestAgent.Token);

        var refused = await wrong.GetAsync(AgentRoutes.Health);
        var health = await agent.Client.GetStringAsync(AgentRoutes.Health);
        var applied = await TestAgent.ActAsync(agent.Client, TestAgent.Start("counting", "svc1", "3:1:1", parameters: new Dictionary<string, string> { ["dir"] = _dir.Path }));
        var stopped = await agent.Process.StopAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(AgentOutcome.Applied, applied.Response.Outcome);
        var logs = string.Concat(Directory.GetFiles(Path.Combine(DataDir, "logs")).Select(File.ReadAllText));
        Assert.Contains("Refused GET", logs, StringComparison.Ordinal); // the log is written, and says what it refused
        Assert.Contains("Applied start of counting svc1", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAgent.Token, logs + stopped.StdOut + stopped.StdErr + health + await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAgent_HostsTheBuiltInKinds_ForItsNode()
    {
        var tokenFile = AgentProcess.WriteTokenFile(_dir.File("token"), TestAgent.Token);
        using var agent = await AgentProcess.StartAsync(DataDir, tokenFile, TestAgent.Token);
        var volume = Directory.CreateDirectory(_dir.File("volume")).FullName;

        var unknown = await TestAgent.ActAsync(agent.Client, TestAgent.Start("nope", "x", "1:1:1"));
        var taken = await TestAgent.ActAsync(agent.Client, TestAgent.Start("volume", "E", "1:2:1", parameters: new Dictionary<string, string> { ["directory"] = volume }));

        var reach = await TestAgent.ActAsync(agent.Client, TestAgent.Start("reach", "lo", null, parameters: new Dictionary<string, string> { ["address"] = "127.0.0.1" }) with { Verb = ResourceVerb.Monitor });
        var ledger = await agent.Client.GetStringAsync(AgentRoutes.Ledger);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        foreach (var kind in new[] { "dns", "fence", "ip", "reach", "script", "service", "volume" })
        {
            Assert.Contains(kind, unknown.Response.Message, StringComparison.Ordinal);
        }

        Assert.Equal(AgentOutcome.Applied, taken.Response.Outcome);
        Assert.Contains("node1", File.ReadAllText(Path.Combine(volume, ".orchestrator-volume.lock")), StringComparison.Ordinal); // the lock names the agent's node
        Assert.Equal((AgentOutcome.Applied, OcfExit.Success), (reach.Response.Outcome, reach.Response.Exit)); // a probe: no effect key needed
        Assert.DoesNotContain("reach", ledger, StringComparison.Ordinal); // and no ledger row
    }

    [Fact]
    public async Task KilledWhileAnActionRuns_TheReplayAfterRestart_RunsItOnce()
    {
        var tokenFile = AgentProcess.WriteTokenFile(_dir.File("token"), TestAgent.Token);
        var start = TestAgent.Start("counting", "svc1", "5:3:1", token: 2, parameters: new Dictionary<string, string> { ["dir"] = _dir.Path, ["delayMs"] = "1500" });
        using (var first = await AgentProcess.StartAsync(DataDir, tokenFile, TestAgent.Token))
        {
            var inFlight = TestAgent.ActAsync(first.Client, start);
            Assert.True(await WaitForFileAsync(_dir.File("svc1.begun")), "the action did not begin");
            first.Process.Kill(); // kill -9 in the middle of the action
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => inFlight);
        }

        Assert.False(File.Exists(_dir.File("svc1.applications")), "the killed action must not have completed");
        using var second = await AgentProcess.StartAsync(DataDir, tokenFile, TestAgent.Token);
        var rerun = await TestAgent.ActAsync(second.Client, start);
        var replay = await TestAgent.ActAsync(second.Client, start);

        Assert.Equal((AgentOutcome.Applied, AgentOutcome.Replayed), (rerun.Response.Outcome, replay.Response.Outcome));
        Assert.Single(File.ReadAllLines(_dir.File("svc1.applications")));
    }

    [Fact]
    public async Task KilledRightAfterAnActionApplied_TheReplayAfterRestart_IsAReplay()
    {
        var tokenFile = AgentProcess.WriteTokenFile(_dir.File("token"), TestAgent.Token);
        var start = TestAgent.Start("counting", "svc1", "5:3:1", token: 2, parameters: new Dictionary<string, string> { ["dir"] = _dir.Path });
        using (var first = await AgentProcess.StartAsync(DataDir, tokenFile, TestAgent.Token))
        {
            Assert.Equal(AgentOutcome.Applied, (await TestAgent.ActAsync(first.Client, start)).Response.Outcome);
            first.Process.Kill(); // kill -9 as soon as the answer arrived
        }

        using var second = await AgentProcess.StartAsync(DataDir, tokenFile, TestAgent.Token);
        var replay = await TestAgent.ActAsync(second.Client, start);
        var stale = await TestAgent.ActAsync(second.Client, start with { FencingToken = 1 });
        var ledger = await second.Client.GetStringAsync(AgentRoutes.Ledger);

        Assert.Equal((AgentOutcome.Replayed, AgentOutcome.Stale), (replay.Response.Outcome, stale.Response.Outcome));
        Assert.Single(File.ReadAllLines(_dir.File("svc1.applications")));
        Assert.Contains("\"applied\":1,\"replays\":1", ledger, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task<bool> WaitForFileAsync(string path)
    {
        for (var i = 0; i < 200 && !File.Exists(path); i++)
        {
            await Task.Delay(25);
        }

        return File.Exists(path);
    }
}
