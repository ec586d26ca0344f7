using Orchestrator.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// S25 crash safety: 50,000 public folders; `serve` is killed with SIGKILL at 10 random moments while the
/// replica-list update runs; each restart goes on from the last checkpoint, every folder ends correct, and the world
/// saw at most one batch of repeated folder writes per crash. Batches run on the steps' claim mechanism: nothing is released
/// at start-up; the batch a killed serve held is taken over once its (short) lease expires.
/// </summary>
public sealed class ReplicaCrashRecoveryTests(ITestOutputHelper output)
{
    private const int Folders = 50_000;
    private const int BatchSize = 500;
    private const int Kills = 10;
    private static readonly TimeSpan ServeStartup = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serve_killed_ten_times_during_the_update_resumes_each_time_and_redoes_at_most_a_batch_per_crash()
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed worker's batch is taken over once its lease expires
        var yaml = dir.Sibling("two-node-replicas.yaml");
        await File.WriteAllTextAsync(yaml, File.ReadAllText(Samples.TwoNode).ReplaceLineEndings("\n").Replace(
            "  update-replica-list: false", $"  update-replica-list: true\n  replica-batch-size: {BatchSize}\n  replica-parallelism: 1", StringComparison.Ordinal));
        await dir.ApplyAsync(yaml);
        (await dir.RunAsync("world", "seed-folders", "--count", Folders.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "latency", "PublicFolderWrite", "0.3")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);

        // The failover runs to its end in this process and reports exch1 in service; the update is left to serve.
        (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(0);
        var started = await StatusAsync(dir);
        Assert.True(started.IsActive && started.Done < Folders, $"the update should still be running after the failover: {started}");

        var random = new Random(25);
        long lastDone = -1;
        var kills = 0;
        while (kills < Kills)
        {
            using var serve = dir.Start("serve");
            Assert.True(await serve.WaitForOutputAsync("serving", ServeStartup), $"serve did not start: {serve.StdOutSoFar}");
            await Task.Delay(random.Next(150, 700));
            serve.Kill();
            await serve.WaitForExitAsync(TimeSpan.FromSeconds(10));
            var now = await StatusAsync(dir);
            output.WriteLine($"kill {kills + 1}: {now.State} {now.Done}/{now.Total} done, {now.RedoneBatches} batch(es) redone so far");
            Assert.True(now.Done >= lastDone, $"progress went back from {lastDone} to {now.Done}");
            Assert.True(now.IsActive, $"the update finished after {kills} kills; slow the world down so all {Kills} land during it");
            lastDone = now.Done;
            kills++;
        }

        using (var last = dir.Start("serve"))
        {
            Assert.True(await last.WaitForOutputAsync("serving", ServeStartup), $"serve did not start: {last.StdOutSoFar}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ReplicaUpdateJson final;
            while ((final = await StatusAsync(dir)).IsActive)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"the update did not finish: {final}");
                await Task.Delay(200);
            }

            (await last.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
            Assert.Equal(("Completed", (long)Folders, 0L), (final.State, final.Done, final.Failed));
            Assert.True(final.RedoneBatches <= kills, $"{final.RedoneBatches} batches redone for {kills} crashes");
        }

        // Serve is killed between the failover's committed steps and during the batches: no step effect is asked again.
        (await dir.WorldAsync()).ShouldReplayEachKeyAtMost(0, $"after {kills} kills of serve");

        var world = Json.Parse<FolderSummaryJson>((await dir.RunAsync("world", "folders", "--json")).ShouldExitWith(0));
        output.WriteLine($"world: {world}");
        Assert.Equal(Folders, world.PerServer.GetValueOrDefault("node2"));
        Assert.Equal(0, world.PerServer.GetValueOrDefault("node1"));
        Assert.Equal(0, world.FoldersWithoutReplica);
        Assert.Equal(Folders, world.Changes); // each folder's list changed exactly once
        var repeated = world.Writes - Folders;
        Assert.True(repeated <= (long)kills * BatchSize, $"{repeated} repeated folder writes for {kills} crashes (at most {BatchSize} each)");
        await dir.AuditChainShouldHoldAsync();
    }

    private static async Task<ReplicaUpdateJson> StatusAsync(TempDataDir dir) =>
        Json.Parse<ReplicaUpdateJson>((await dir.RunAsync("replicas", "status", "exch1", "--json")).ShouldExitWith(0));
}
