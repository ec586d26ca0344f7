using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>Issue 12 point 4 through the built CLI: a cancel during a long step drains, and the hierarchy stays taken meanwhile.</summary>
public sealed class CancelDrainCliTests
{
    [Fact]
    public async Task A_switchover_during_a_draining_cancel_exits_3_naming_the_cancelling_procedure_and_is_accepted_once_it_reported()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "latency", "DnsUpdate", "--ms", "6000")).ShouldExitWith(0);
        using var serve = dir.Start("serve");
        Assert.True(await serve.WaitForOutputAsync("serving", TimeSpan.FromSeconds(30)), $"serve did not start: {serve.StdOutSoFar}");
        (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0);
        var updating = await dir.PollProcedureAsync(1, p => p.Steps.Any(s => s.Action == "dns.update" && s.Status == "running") || !p.IsActive, TimeSpan.FromSeconds(15));
        var dns = Assert.Single(updating.Steps, s => s.Action == "dns.update" && s.Status == "running").Seq;

        using var cancel = dir.Start("procedures", "cancel", "1");
        // It says what it waits for before it waits.
        Assert.True(await cancel.WaitForOutputAsync($"cancelling: waiting for step {dns} (dns.update", TimeSpan.FromSeconds(10)), $"cancel did not say it drains: {cancel.StdOutSoFar}");
        var cancelling = await dir.ProcedureAsync(1);
        // The DNS update takes 6 s: room for the cancel's and the poll's process starts on a loaded machine.
        Assert.True(cancelling is { State: "Cancelling", IsActive: true }, $"expected Cancelling while step {dns} runs; state {cancelling.State}");
        var refused = (await dir.RunAsync("switchover", "exch1", "--to", "node1")).ShouldExitWith(3);
        refused.ShouldPrintOneError("conflict:", $"procedure #1 (switchover of exch1) is cancelling: step {dns} (dns.update", "procedures show 1");

        var cancelled = (await cancel.WaitForExitAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
        Assert.Contains("procedure #1 cancelled after", cancelled.StdOut, StringComparison.Ordinal);
        Assert.Equal(("Cancelled", false), ((await dir.ProcedureAsync(1)).State, (await dir.ProcedureAsync(1)).IsActive));

        (await dir.RunAsync("world", "latency", "DnsUpdate", "--ms", "0")).ShouldExitWith(0);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);
        Assert.Equal(["node2"], (await dir.WorldAsync()).InServiceNodesOf("exch1"));
        await dir.AuditChainShouldHoldAsync();
    }
}
