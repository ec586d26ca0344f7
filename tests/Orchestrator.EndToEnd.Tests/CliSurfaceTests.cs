using System.Diagnostics;
using System.Text.Json;
using Orchestrator.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>The everyday commands work as documented.</summary>
public sealed class CliSurfaceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_runs_two_switchovers_quickly_and_prints_the_audit_timeline()
    {
        using var dir = new TempDataDir();
        var clock = Stopwatch.StartNew();
        var demo = await dir.RunAsync("demo");
        clock.Stop();
        output.WriteLine($"demo took {clock.Elapsed.TotalSeconds:F1} s wall time");

        demo.ShouldExitWith(0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"demo took {clock.Elapsed.TotalSeconds:F1} s (budget 10 s); {demo}");
        Assert.Contains("switchover #1: exch1 node1 -> node2", demo.StdOut, StringComparison.Ordinal);
        Assert.Contains("switchover #2: exch1 node2 -> node1", demo.StdOut, StringComparison.Ordinal);
        Assert.Contains("audit timeline", demo.StdOut, StringComparison.Ordinal);
        Assert.Contains("Preparing -> TakingOutOfService", demo.StdOut, StringComparison.Ordinal);

        Assert.Equal(["node1"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
        await dir.AuditChainShouldHoldAsync();
    }

    [Fact]
    public async Task Demo_refuses_a_data_dir_that_is_not_empty()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var before = DataDirSnapshot.Take(dir.Path);

        var demo = await dir.RunAsync("demo");

        demo.ShouldExitWith(2);
        demo.ShouldPrintOneError(dir.Path, "--data-dir");
        Assert.Equal(before, DataDirSnapshot.Take(dir.Path));
    }

    [Fact]
    public async Task Status_json_describes_the_cluster_and_each_hierarchy()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        var status = await dir.StatusAsync();

        Assert.Equal("exchange-two-node", status.Cluster);
        Assert.Equal(1, status.DefinitionVersion);
        var exch1 = Assert.Single(status.Hierarchies);
        Assert.Equal("exch1", exch1.Name);
        Assert.Equal("node1", exch1.PlacedOn);
        Assert.Equal(["node1"], exch1.InServiceOn);
        Assert.Equal([("node1", 1, true), ("node2", 10, true)], exch1.Nodes.Select(n => (n.Name, n.Priority, n.Up)));
        Assert.Null(exch1.ActiveProcedureId);
    }

    [Fact]
    public async Task Log_json_writes_clef_lines_that_parse_as_json()
    {
        using var dir = new TempDataDir();
        (await dir.RunAsync("--log-json", "cluster", "apply", Samples.TwoNode)).ShouldExitWith(0);
        (await dir.RunAsync("--log-json", "switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);

        var files = Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.clef");
        Assert.NotEmpty(files);
        var lines = files.SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            Assert.True(document.RootElement.TryGetProperty("@t", out _), $"a CLEF event has @t: {line}");
        }

        Assert.Contains(lines, l => l.Contains("\"ProcedureId\":1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_switchover_recorded_without_wait_is_carried_out_by_serve()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var recorded = (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--reason", "maintenance")).ShouldExitWith(0);
        Assert.Contains("procedure #1", recorded.StdOut, StringComparison.Ordinal);
        Assert.Equal("Preparing", (await dir.ProcedureAsync(1)).State);

        using var serve = dir.Start("serve");
        Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar}");
        var final = await dir.PollProcedureAsync(1, p => !p.IsActive || p.State == "WaitingForOperator", TimeSpan.FromSeconds(60));
        var stopped = await serve.StopAsync(TimeSpan.FromSeconds(20));

        stopped.ShouldExitWith(0);
        Assert.True(final.State == "Completed", $"procedure #1 is {final.State} ({final.LastError}); {stopped}");
        Assert.Equal(["node2"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
    }
}
