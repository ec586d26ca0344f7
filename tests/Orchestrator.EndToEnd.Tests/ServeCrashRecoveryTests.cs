using System.Globalization;
using Microsoft.Data.Sqlite;
using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>`serve` killed in the middle of a procedure: the next `serve` finishes it, every effect applied once.</summary>
public sealed class ServeCrashRecoveryTests(UninterruptedSwitchover baseline) : IClassFixture<UninterruptedSwitchover>
{
    private static readonly TimeSpan ServeStartup = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The sweeper's period (EngineOptions.SweepInterval) and the step's run and commit. The takeover is timed from the moment
    /// the test sees `serving` to the step's completed_at in the database, so the test's own polling through the CLI (a
    /// process start per look, a second or more on a loaded machine) is not counted.
    /// </summary>
    private static readonly TimeSpan TakeoverMargin = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_serve_killed_mid_procedure_is_finished_by_the_next_serve_applying_every_effect_once()
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed serve's claim is taken over once it expires
        await dir.ApplyAsync(Samples.TwoNode);
        // Long enough that the CLI's polling (a second or more per call on a loaded machine) sees the procedure midway
        // before it ends (400 ms once let it finish first); set back to 0 before the restart, so it costs only the kill's wait.
        (await dir.RunAsync("world", "latency", "VolumeMount", "--ms", "8000")).ShouldExitWith(0);

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

        (await dir.RunAsync("world", "latency", "VolumeMount", "--ms", "0")).ShouldExitWith(0);
        using var second = dir.Start("serve");
        Assert.True(await second.WaitForOutputAsync("serving", ServeStartup), $"serve did not restart: {second.StdOutSoFar}");
        var final = await dir.PollProcedureAsync(1, p => !p.IsActive || p.State == "WaitingForOperator", TimeSpan.FromSeconds(60));
        var stopped = await second.StopAsync(TimeSpan.FromSeconds(20));
        stopped.ShouldExitWith(0);
        Assert.True(final.State == "Completed", $"after restarting serve: {final}; {stopped}");

        await baseline.ShouldMatchAsync(dir, "serve killed and restarted");
    }

    /// <summary>
    /// Issue 12's acceptance: `serve` killed with SIGKILL in the middle of step 10 (its effect done, its commit not) leaves
    /// the step claimed; a restarted `serve` takes it over within one lease (nothing releases it at start-up), runs its
    /// effect again once (a replay the world refuses to apply twice) and commits it once.
    /// </summary>
    [Fact]
    public async Task A_serve_killed_mid_step_has_the_step_taken_over_within_one_lease_and_completed_once()
    {
        const int step = 10;
        var crashPoint = $"after-effect-{step.ToString(CultureInfo.InvariantCulture)}";
        var lease = TimeSpan.FromMilliseconds(int.Parse(ShortLease.Milliseconds, CultureInfo.InvariantCulture));
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
        await dir.ApplyAsync(Samples.TwoNode);

        dir.Environment["ORCHESTRATOR_CRASH_AT"] = crashPoint; // only the first serve is armed
        using (var first = dir.Start("serve"))
        {
            dir.Environment.Remove("ORCHESTRATOR_CRASH_AT");
            Assert.True(await first.WaitForOutputAsync("serving", ServeStartup), $"serve did not start: {first.StdOutSoFar}");
            (await dir.RunAsync("switchover", "exch1", "--to", "node2")).ShouldExitWith(0);
            (await first.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldHaveBeenKilled();
        }

        var interrupted = await dir.ProcedureAsync(1);
        Assert.True(interrupted.IsActive && interrupted.StepsDone == step - 1,
            $"serve should have died inside step {step}: state {interrupted.State}, {interrupted.StepsDone} steps done");

        (await dir.RunAsync("world", "latency", "VolumeMount", "--ms", "0")).ShouldExitWith(0);
        using var second = dir.Start("serve");
        Assert.True(await second.WaitForOutputAsync("serving", ServeStartup), $"serve did not restart: {second.StdOutSoFar}");
        var servingAt = DateTimeOffset.UtcNow;
        var takenOver = await dir.PollProcedureAsync(1, p => p.StepsDone >= step || !p.IsActive, TimeSpan.FromSeconds(60));
        var takeover = StepCompletedAt(dir, 1, step) is { } completedAt ? completedAt - servingAt : TimeSpan.MaxValue;
        Assert.True(takenOver.StepsDone >= step && takeover <= lease + TakeoverMargin,
            $"step {step} should be taken over and committed within one lease ({lease.TotalSeconds} s) + {TakeoverMargin.TotalSeconds} s of the restart: "
            + $"{takenOver.StepsDone} steps done after {takeover.TotalSeconds:0.0} s ({takenOver.State})");

        var final = await dir.PollProcedureAsync(1, p => !p.IsActive || p.State == "WaitingForOperator", TimeSpan.FromSeconds(60));
        var stopped = await second.StopAsync(TimeSpan.FromSeconds(20));
        stopped.ShouldExitWith(0);
        Assert.True(final.State == "Completed", $"after restarting serve: {final}; {stopped}");

        await baseline.ShouldMatchAsync(dir, $"serve killed at {crashPoint} and restarted");
        await dir.ReplaysShouldBeAllowedAfterAsync(crashPoint);
        var done = (await dir.AuditOfAsync("exch1"))
            .Where(r => r.ProcedureId == 1 && r.TriggerName == "StepSucceeded")
            .Select(r => r.Reason)
            .ToList();
        Assert.True(done.Count == Samples.TwoNodeSwitchoverSteps && done.Count(r => r.Contains($"(step {step} of", StringComparison.Ordinal)) == 1,
            $"every step should be recorded done exactly once:\n{string.Join("\n", done)}");
    }

    /// <summary>When the step was committed done, as the runner recorded it (null: not done).</summary>
    private static DateTimeOffset? StepCompletedAt(TempDataDir dir, long procedureId, int seq)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "orchestrator.db")};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT completed_at FROM procedure_steps WHERE procedure_id = $id AND seq = $seq AND status = 'done'";
        command.Parameters.AddWithValue("$id", procedureId);
        command.Parameters.AddWithValue("$seq", seq);
        return command.ExecuteScalar() is string at
            ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
    }
}
