using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>A step that keeps failing stops the procedure for an operator, who retries or cancels it.</summary>
public sealed class OperatorTests
{
    private const int MaxAttempts = 3;

    private static TempDataDir FastRetries()
    {
        var dir = new TempDataDir();
        dir.Environment["ORCHESTRATOR_RETRY_BASE_MS"] = "50";
        dir.Environment["ORCHESTRATOR_MAX_ATTEMPTS"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return dir;
    }

    private static async Task<ProcedureJson> SwitchoverStuckOnAFailingServiceAsync(TempDataDir dir)
    {
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "fail-service", "node2", "MSExchangeIS")).ShouldExitWith(0);
        var run = await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait");
        run.ShouldExitWith(1);
        Assert.Contains("WaitingForOperator", run.StdOut, StringComparison.Ordinal);

        var stuck = await dir.ProcedureAsync(1);
        Assert.Equal("WaitingForOperator", stuck.State);
        Assert.Contains("MSExchangeIS", stuck.LastError, StringComparison.Ordinal);
        var failed = Assert.Single(stuck.Steps, s => s.Status == "failed");
        Assert.Equal(("service.start", "node2", "MSExchangeIS"), (failed.Action, failed.Node, failed.Target));
        Assert.Equal(MaxAttempts, failed.Attempts);
        Assert.All(stuck.Steps.Where(s => s.Seq > failed.Seq), s => Assert.Equal("planned", s.Status));
        Assert.Equal(failed.Seq - 1, stuck.StepsDone);
        return stuck;
    }

    [Fact]
    public async Task A_failed_service_waits_for_an_operator_and_retry_completes_it_starting_the_service_once()
    {
        using var dir = FastRetries();
        await SwitchoverStuckOnAFailingServiceAsync(dir);

        (await dir.RunAsync("world", "clear-service", "node2", "MSExchangeIS")).ShouldExitWith(0);
        (await dir.RunAsync("procedures", "retry", "1", "--wait")).ShouldExitWith(0);

        var done = await dir.ProcedureAsync(1);
        Assert.Equal("Completed", done.State);
        Assert.Equal(Samples.TwoNodeSwitchoverSteps, done.StepsDone);
        var world = await dir.WorldAsync();
        Assert.Equal(["node2"], world.InServiceNodesOf("exch1"));
        Assert.Equal(1, world.Applied["ServiceStart:node2/MSExchangeIS"]);
        Assert.All(world.Applied, e => Assert.True(e.Value == 1, $"{e.Key} applied {e.Value} times"));
        await dir.AuditChainShouldHoldAsync();
    }

    [Fact]
    public async Task Cancelling_a_stuck_procedure_reports_every_resource_and_leaves_a_physically_possible_world()
    {
        using var dir = FastRetries();
        await SwitchoverStuckOnAFailingServiceAsync(dir);

        var cancel = (await dir.RunAsync("procedures", "cancel", "1")).ShouldExitWith(0);
        foreach (var volume in new[] { "E", "F", "G" })
        {
            Assert.Contains($"volume {volume}: mounted on node2", cancel.StdOut, StringComparison.Ordinal);
        }

        Assert.Contains("IP 10.0.0.100: owned by node2", cancel.StdOut, StringComparison.Ordinal);

        var cancelled = await dir.ProcedureAsync(1);
        Assert.Equal("Cancelled", cancelled.State);
        Assert.False(cancelled.IsActive);
        Assert.DoesNotContain(cancelled.Steps, s => s.Status is "ready" or "running" or "planned");

        var status = await dir.StatusAsync();
        var exch1 = Assert.Single(status.Hierarchies);
        Assert.Null(exch1.ActiveProcedureId);
        Assert.Null(exch1.ActiveProcedureState);

        var world = await dir.WorldAsync();
        Assert.True(world.InServiceNodesOf("exch1").Count <= 1, $"exch1 in service on {string.Join(", ", world.InServiceNodesOf("exch1"))}");
        Assert.All(world.Volumes, v => Assert.True(v.MountedOn is null or "node1" or "node2", $"volume {v.Name} on {v.MountedOn}"));
        Assert.Equal(world.Volumes.Select(v => v.Name).Order(), new[] { "E", "F", "G" });
        foreach (var service in world.Nodes.SelectMany(n => n.Services).Select(s => s.Name).Distinct())
        {
            var runningOn = world.Nodes.Where(n => n.Services.Any(s => s.Name == service && s.State == "Running")).Select(n => n.Name).ToList();
            Assert.True(runningOn.Count <= 1, $"service {service} runs on {string.Join(", ", runningOn)}");
        }

        foreach (var share in world.Nodes.SelectMany(n => n.Shares).Distinct())
        {
            Assert.Single(world.Nodes, n => n.Shares.Contains(share));
        }

        await dir.AuditChainShouldHoldAsync();
    }

    [Fact]
    public async Task A_service_slower_than_its_maxwait_stops_the_procedure_for_an_operator_naming_maxwait()
    {
        using var dir = FastRetries();
        var yaml = dir.Sibling("two-node-maxwait.yaml");
        await File.WriteAllTextAsync(yaml, Samples.TwoNodeWithMaxWait("MSExchangeIS", 1));
        await dir.ApplyAsync(yaml);
        (await dir.RunAsync("world", "start-delay", "MSExchangeIS", "--seconds", "30")).ShouldExitWith(0);

        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(1);

        var stuck = await dir.ProcedureAsync(1);
        Assert.Equal("WaitingForOperator", stuck.State);
        Assert.Contains("MAXWAIT", stuck.LastError, StringComparison.Ordinal);
        Assert.Contains("MSExchangeIS", stuck.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_running_procedure_reports_the_resources_as_the_procedure_leaves_them()
    {
        using var dir = FastRetries();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "latency", "VolumeMount", "--ms", "2500")).ShouldExitWith(0);
        using var serve = dir.Start("serve");
        Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar}");
        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0);

        // Volumes E, F, G mount one after another, each taking 2.5 s (room for slow polls on a loaded machine): cancel while one is mounting.
        var mounting = await dir.PollProcedureAsync(1, p => p.StepsDone >= 13 || !p.IsActive, TimeSpan.FromSeconds(30));
        Assert.True(mounting.IsActive && mounting.StepsDone < 16, $"expected to cancel while mounting; state {mounting.State}, {mounting.StepsDone} steps done");
        var cancel = (await dir.RunAsync("procedures", "cancel", "1")).ShouldExitWith(0);
        await Task.Delay(TimeSpan.FromSeconds(2)); // longer than any step in flight
        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);

        var world = await dir.WorldAsync();
        foreach (var volume in world.Volumes)
        {
            var reported = volume.MountedOn is null ? $"volume {volume.Name}: unmounted" : $"volume {volume.Name}: mounted on {volume.MountedOn}";
            Assert.True(cancel.StdOut.Contains(reported, StringComparison.Ordinal), $"the world has `{reported}`, but cancel reported:\n{cancel.StdOut}");
        }

        var cancelled = await dir.ProcedureAsync(1);
        var mountsApplied = world.Applied.Count(e => e.Key.StartsWith("VolumeMount:", StringComparison.Ordinal));
        var mountsDone = cancelled.Steps.Count(s => s.Action == "volume.mount" && s.Status == "done");
        Assert.True(mountsApplied == mountsDone, $"{mountsApplied} volume mounts happened but the procedure records {mountsDone} as done");
    }
}
