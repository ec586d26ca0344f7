using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// S29 crash safety: `update start exch1 --wait` killed (SIGKILL) at a step boundary is finished by `procedures wait`
/// with the world identical to an uninterrupted update. This class takes the primary's half (steps 1–35); the backup's
/// half is <see cref="UpdateCrashRecoveryBackupHalfTests"/>, so xUnit runs both at once.
/// </summary>
public sealed class UpdateCrashRecoveryTests(UninterruptedUpdate baseline) : IClassFixture<UninterruptedUpdate>
{
    public const int LastStepHere = 35;

    /// <summary>The crash points this run takes (<see cref="CrashCampaign"/>: all with the full budget).</summary>
    public static TheoryData<string> CampaignPoints() => CrashCampaign.Sample(CrashPoints());

    public static TheoryData<string> CrashPoints() =>
        UpdateScenario.CrashPoints(1, LastStepHere, withCreate: true, UpdateScenario.EffectSteps.Where(n => n <= LastStepHere));

    [Theory]
    [MemberData(nameof(CampaignPoints))]
    public async Task An_update_killed_in_its_first_half_is_completed_by_procedures_wait_with_the_world_of_an_uninterrupted_run(string crashPoint)
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed worker's claim is taken over once it expires
        await dir.PrepareAsync();

        (await dir.UpdateAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = crashPoint })).ShouldHaveBeenKilled();
        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);

        await baseline.ShouldMatchAsync(dir, $"crash at {crashPoint}");
        await dir.ReplaysShouldBeAllowedAfterAsync(crashPoint);
    }

    [Fact]
    public void The_crash_points_cover_every_step_boundary_of_the_update()
    {
        IEnumerable<object[]> here = CrashPoints(), there = UpdateCrashRecoveryBackupHalfTests.CrashPoints();
        var points = here.Concat(there).Select(p => (string)p[0]).ToList();
        Assert.Equal(points.Count, points.Distinct(StringComparer.Ordinal).Count());
        for (var n = 1; n <= UpdateScenario.Steps; n++)
        {
            Assert.Contains($"after-commit-{n}", points);
        }

        Assert.True(points.Count >= 25, $"only {points.Count} crash points");
    }
}
