using System.Diagnostics;
using System.Globalization;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// Issue 12 points 2 and 4 through the built CLI: `serve` killed (SIGKILL) in the middle of a step leaves it running under
/// a lease nobody renews; `procedures cancel` with no runner left takes the step over once that lease expires and ends the
/// cancel itself, without running the step.
/// </summary>
public sealed class CancelAfterServeKilledCliTests
{
    /// <summary>The waiter's polling plus the CLI's process starts on a loaded machine.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_cancel_after_serve_was_killed_mid_step_ends_cancelled_within_about_one_lease_with_the_step_applied_at_most_once()
    {
        var lease = TimeSpan.FromMilliseconds(int.Parse(ShortLease.Milliseconds, CultureInfo.InvariantCulture));
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "latency", "DnsUpdate", "--ms", "8000")).ShouldExitWith(0);

        int dns;
        using (var serve = dir.Start("serve"))
        {
            Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar}");
            (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0);
            var updating = await dir.PollProcedureAsync(1, p => p.Steps.Any(s => s.Action == "dns.update" && s.Status == "running") || !p.IsActive, TimeSpan.FromSeconds(15));
            dns = Assert.Single(updating.Steps, s => s.Action == "dns.update" && s.Status == "running").Seq;
            serve.Kill();
            (await serve.WaitForExitAsync(TimeSpan.FromSeconds(10))).ShouldHaveBeenKilled();
        }

        var clock = Stopwatch.StartNew();
        var cancelled = (await dir.RunAsync("procedures", "cancel", "1")).ShouldExitWith(0);
        var took = clock.Elapsed;

        Assert.Contains("procedure #1 cancelled after", cancelled.StdOut, StringComparison.Ordinal);
        Assert.True(took <= lease + Margin, $"the cancel should end within one lease ({lease.TotalSeconds} s) + {Margin.TotalSeconds} s: took {took.TotalSeconds:0.0} s");
        var procedure = await dir.ProcedureAsync(1);
        Assert.Equal(("Cancelled", false, "cancelled"), (procedure.State, procedure.IsActive, procedure.Steps[dns - 1].Status));
        var world = await dir.WorldAsync();
        Assert.True(world.Applied.All(a => a.Value == 1), $"every effect applied once at most: {string.Join(", ", world.Applied)}");
        Assert.DoesNotContain(world.Applied.Keys, k => k.StartsWith("DnsUpdate:", StringComparison.Ordinal)); // the killed worker's step never ran to its end
        Assert.Contains(await dir.AuditOfAsync("exch1"), r => r.ProcedureId == 1 && r.ToState == "Cancelled"
            && r.Reason.Contains($"cancelled after step {dns} reported (not run: its worker's lease expired; taken over when", StringComparison.Ordinal));
        await dir.AuditChainShouldHoldAsync();

        // The hierarchy is free: a new switchover is admitted and completes.
        (await dir.RunAsync("world", "latency", "DnsUpdate", "--ms", "0")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        Assert.Equal("Completed", (await dir.ProcedureAsync(2)).State);
        Assert.Equal(["node2"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
    }
}
