using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>`serve` killed in the middle of a procedure: the next `serve` finishes it, every effect applied once.</summary>
public sealed class ServeCrashRecoveryTests(UninterruptedSwitchover baseline) : IClassFixture<UninterruptedSwitchover>
{
    private static readonly TimeSpan ServeStartup = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_serve_killed_mid_procedure_is_finished_by_the_next_serve_applying_every_effect_once()
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed serve's claim is taken over once it expires
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "latency", "VolumeMount", "--ms", "400")).ShouldExitWith(0);

        using (var first = dir.Start("serve"))
        {
            Assert.True(await first.WaitForOutputAsync("serving", ServeStartup), $"serve did not start: {first.StdOutSoFar}");
            (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0);

            var midway = await dir.PollProcedureAsync(1, p => p.StepsDone > 0 || !p.IsActive, TimeSpan.FromSeconds(30));
            first.Kill();
            var killed = await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
            Assert.True(midway.StepsDone > 0 && midway.IsActive, $"the procedure should be running when serve is killed (state {midway.State}, {midway.StepsDone} steps done); {killed}");
        }

        var interrupted = await dir.ProcedureAsync(1);
        Assert.True(interrupted.IsActive && interrupted.StepsDone < Samples.TwoNodeSwitchoverSteps,
            $"serve should have been killed before the procedure ended (state {interrupted.State}, {interrupted.StepsDone} steps done); raise the latency");

        using var second = dir.Start("serve");
        Assert.True(await second.WaitForOutputAsync("serving", ServeStartup), $"serve did not restart: {second.StdOutSoFar}");
        var final = await dir.PollProcedureAsync(1, p => !p.IsActive || p.State == "WaitingForOperator", TimeSpan.FromSeconds(60));
        var stopped = await second.StopAsync(TimeSpan.FromSeconds(20));
        stopped.ShouldExitWith(0);
        Assert.True(final.State == "Completed", $"after restarting serve: {final}; {stopped}");

        await baseline.ShouldMatchAsync(dir, "serve killed and restarted");
    }
}
