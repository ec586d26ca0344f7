using System.Text.Json;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 13: `orchestrator cluster runners` lists the runners with their heartbeats and the leader with its epoch and
/// lease expiry, while serve runs; a clean stop of serve releases the term and removes its runner row.
/// </summary>
public sealed class ClusterRunnersCliTests
{
    [Fact]
    public async Task ClusterRunners_ShowsServeAsTheOneRunner_AndItsLeaderTerm_AndACleanStopReleasesBoth()
    {
        using var dir = new TempDataDir();
        (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);
        using var serve = dir.Start("serve", "--no-dashboard");
        Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar} {serve.StdErrSoFar}");

        var json = (await dir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0);
        using (var doc = JsonDocument.Parse(json.StdOut))
        {
            var root = doc.RootElement;
            var runner = Assert.Single(root.GetProperty("runners").EnumerateArray());
            Assert.Equal(serve.Id, runner.GetProperty("pid").GetInt32());
            Assert.True(runner.GetProperty("isLeader").GetBoolean());
            Assert.False(runner.GetProperty("silent").GetBoolean());
            Assert.InRange(runner.GetProperty("ageSeconds").GetDouble(), 0, 30);
            var leader = root.GetProperty("leader");
            Assert.Equal(runner.GetProperty("runnerId").GetString(), leader.GetProperty("holder").GetString());
            Assert.True(leader.GetProperty("live").GetBoolean());
            Assert.True(leader.GetProperty("epoch").GetInt64() >= 1);
            Assert.True(leader.GetProperty("expiresAt").GetDateTimeOffset() > root.GetProperty("at").GetDateTimeOffset());
        }

        var table = (await dir.RunAsync("cluster", "runners")).ShouldExitWith(0);
        Assert.Contains(serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), table.StdOut, StringComparison.Ordinal);
        Assert.Contains("leader: ", table.StdOut, StringComparison.Ordinal);
        Assert.Contains(", term until", table.StdOut, StringComparison.Ordinal);

        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
        var after = (await dir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0);
        using var stopped = JsonDocument.Parse(after.StdOut);
        Assert.Empty(stopped.RootElement.GetProperty("runners").EnumerateArray());
        Assert.False(stopped.RootElement.GetProperty("leader").GetProperty("live").GetBoolean());
    }

    [Fact]
    public async Task AServeStartedAfterTheLeaderWasKilled_LeadsAtOnceWithTheNextEpoch_AndTheKilledRunnerShowsSilent()
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // heartbeats every second; silent after 3 s
        (await dir.RunAsync("cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);
        string killedRunner;
        long killedEpoch;
        using (var first = dir.Start("serve", "--no-dashboard"))
        {
            Assert.True(await first.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {first.StdOutSoFar} {first.StdErrSoFar}");
            using var before = JsonDocument.Parse((await dir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0).StdOut);
            killedEpoch = before.RootElement.GetProperty("leader").GetProperty("epoch").GetInt64();
            killedRunner = before.RootElement.GetProperty("leader").GetProperty("holder").GetString()!;
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        using var second = dir.Start("serve", "--no-dashboard");
        Assert.True(await second.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not restart: {second.StdOutSoFar} {second.StdErrSoFar}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var doc = JsonDocument.Parse((await dir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0).StdOut);
            var root = doc.RootElement;
            var leader = root.GetProperty("leader");
            // The runner lock proves the killed holder dead: its term is taken over at once, not after its expiry (a later
            // epoch only when a renewal on this loaded machine came after the short lease).
            Assert.True(leader.GetProperty("epoch").GetInt64() > killedEpoch);
            Assert.True(leader.GetProperty("live").GetBoolean());
            var runners = root.GetProperty("runners").EnumerateArray().ToDictionary(r => r.GetProperty("runnerId").GetString()!);
            Assert.Equal(2, runners.Count);
            var current = Assert.Single(runners.Values, r => r.GetProperty("pid").GetInt32() == second.Id);
            Assert.Equal(current.GetProperty("runnerId").GetString(), leader.GetProperty("holder").GetString());
            if (runners[killedRunner].GetProperty("silent").GetBoolean())
            {
                Assert.False(current.GetProperty("silent").GetBoolean());
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the killed runner was not shown silent within 15 s: {root}");
            await Task.Delay(500);
        }

        (await second.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
    }
}
