using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The second half of <see cref="FailbackCrashRecoveryTests"/>: a `failback --wait` killed while bringing exch1 in
/// service on node1 after the first volume (steps 15–26), moving the users back (27), reconnecting the queues (28)
/// or returning the routing groups (29).
/// </summary>
public sealed class FailbackCrashRecoveryBackInServiceTests(UninterruptedFailback baseline) : IClassFixture<UninterruptedFailback>
{
    /// <summary>
    /// The crash points this run takes on each store (<see cref="CrashCampaign"/>: all on both with the full budget); on
    /// PostgreSQL those of the whole failback's sample that fall here.
    /// </summary>
    public static TheoryData<TestStore, string> CampaignPoints() =>
        TestStores.OnBoth(CrashCampaign.Sample(CrashPoints()), CrashCampaign.Within(FailbackScenario.SampleOnPostgres(), CrashPoints()));

    public static TheoryData<string> CrashPoints() =>
        FailbackScenario.CrashPoints(FailbackCrashRecoveryTests.LastStepHere + 1, FailbackScenario.FailbackSteps);

    [SkippableTheory]
    [MemberData(nameof(CampaignPoints))]
    public async Task A_failback_killed_while_bringing_exch1_back_to_node1_is_completed_by_procedures_wait_applying_every_effect_once(TestStore store, string crashPoint)
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed worker's claim is taken over once it expires
        await dir.FailedOverAndRestoredAsync(store);

        await dir.CrashFailbackAtAsync(crashPoint);

        (await dir.RunAsync("procedures", "wait", "2")).ShouldExitWith(0);

        await baseline.ShouldMatchAsync(dir, store, $"{store}: crash at {crashPoint}");
        await dir.ReplaysShouldBeAllowedAfterAsync(crashPoint);
    }

    [Fact]
    public async Task The_journal_of_a_failback_killed_after_moving_the_users_still_says_it_moved_them()
    {
        using var dir = new TempDataDir();
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds;
        await dir.FailedOverAndRestoredAsync();
        await dir.CrashFailbackAtAsync("after-effect-27");
        (await dir.RunAsync("procedures", "wait", "2")).ShouldExitWith(0);

        var moved = (await dir.AuditOfAsync("exch1")).Single(r => r.ProcedureId == FailbackScenario.FailbackId
            && r.TriggerName == "StepSucceeded" && r.Reason.Contains("(step 27 of", StringComparison.Ordinal));
        Assert.True(moved.Reason.Contains("no mailbox user is left on node2", StringComparison.Ordinal),
            $"the failback moved alice, bob and carol back to node1 (each once), but its journal says: {moved.Reason}");
    }
}
