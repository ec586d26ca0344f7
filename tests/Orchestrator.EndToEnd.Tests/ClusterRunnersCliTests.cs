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
        Assert.Contains("epoch 1, term until", table.StdOut, StringComparison.Ordinal);

        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
        var after = (await dir.RunAsync("cluster", "runners", "--json")).ShouldExitWith(0);
        using var stopped = JsonDocument.Parse(after.StdOut);
        Assert.Empty(stopped.RootElement.GetProperty("runners").EnumerateArray());
        Assert.False(stopped.RootElement.GetProperty("leader").GetProperty("live").GetBoolean());
    }
}
