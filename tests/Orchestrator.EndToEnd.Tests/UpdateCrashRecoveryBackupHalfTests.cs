using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>The second half of <see cref="UpdateCrashRecoveryTests"/>: the backup's update, the planned restart of the primary and the move back.</summary>
public sealed class UpdateCrashRecoveryBackupHalfTests(UninterruptedUpdate baseline) : IClassFixture<UninterruptedUpdate>
{
    /// <summary>The crash points this run takes (<see cref="CrashCampaign"/>: all with the full budget).</summary>
    public static TheoryData<string> CampaignPoints() => CrashCampaign.Sample(CrashPoints());

    public static TheoryData<string> CrashPoints() =>
        UpdateScenario.CrashPoints(UpdateCrashRecoveryTests.LastStepHere + 1, UpdateScenario.Steps, withCreate: false,
            UpdateScenario.EffectSteps.Where(n => n > UpdateCrashRecoveryTests.LastStepHere));

    [Theory]
    [MemberData(nameof(CampaignPoints))]
    public async Task An_update_killed_in_its_second_half_is_completed_by_procedures_wait_with_the_world_of_an_uninterrupted_run(string crashPoint)
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed worker's claim is taken over once it expires
        await dir.PrepareAsync();

        (await dir.UpdateAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = crashPoint })).ShouldHaveBeenKilled();
        (await dir.RunAsync("procedures", "wait", "1")).ShouldExitWith(0);

        await baseline.ShouldMatchAsync(dir, $"crash at {crashPoint}");
        await dir.ReplaysShouldBeAllowedAfterAsync(crashPoint);
    }
}
