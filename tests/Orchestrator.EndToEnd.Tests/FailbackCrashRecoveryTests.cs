using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// A `failback --wait` (procedure #2, after a failover of exch1 to node2 and node1's return) killed (SIGKILL) at a
/// named point is finished by `procedures wait`, with every world effect applied exactly once, every user moved back
/// once, and the world's invariants holding throughout. This class takes the crash points up to step 14 (the
/// request, the check of node1, taking exch1 out of service on node2, and the hand-over: the first volume mounted on
/// node1); <see cref="FailbackCrashRecoveryBackInServiceTests"/> takes the rest, so that xUnit runs both halves at once
/// (20 points each).
/// </summary>
public sealed class FailbackCrashRecoveryTests(UninterruptedFailback baseline) : IClassFixture<UninterruptedFailback>
{
    public const int LastStepHere = 14;

    /// <summary>
    /// The crash points this run takes on each store (<see cref="CrashCampaign"/>: all on both with the full budget); on
    /// PostgreSQL those of the whole failback's sample that fall here.
    /// </summary>
    public static TheoryData<TestStore, string> CampaignPoints() =>
        TestStores.OnBoth(CrashCampaign.Sample(CrashPoints()), CrashCampaign.Within(FailbackScenario.SampleOnPostgres(), CrashPoints()));

    public static TheoryData<string> CrashPoints() => FailbackScenario.CrashPoints(1, LastStepHere);

    [SkippableTheory]
    [MemberData(nameof(CampaignPoints))]
    public async Task A_failback_killed_up_to_the_hand_over_to_node1_is_completed_by_procedures_wait_applying_every_effect_once(TestStore store, string crashPoint)
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
    public void The_crash_points_cover_every_step_boundary_of_the_failback()
    {
        IEnumerable<object[]> here = CrashPoints(), there = FailbackCrashRecoveryBackInServiceTests.CrashPoints();
        var points = here.Concat(there).Select(p => (string)p[0]).ToList();

        Assert.Equal(points.Count, points.Distinct(StringComparer.Ordinal).Count());
        Assert.True(points.Count >= 30, $"only {points.Count} crash points");
        Assert.Contains("after-create", points);
        for (var n = 1; n <= FailbackScenario.FailbackSteps; n++)
        {
            Assert.Contains($"after-commit-{n}", points);
        }

        Assert.All(FailbackScenario.EffectCrashSteps, n => Assert.Contains($"after-effect-{n}", points));
    }

    [Fact]
    public void The_audit_journal_tells_the_story_of_the_failover_and_the_failback()
    {
        // `audit list --hierarchy exch1 --json` after the uninterrupted failover and failback (the baseline run)
        var requested = baseline.Audit.Where(r => r.TriggerName == "Requested").ToList();
        var story = string.Join("\n", baseline.Audit.Select(r => $"#{r.ProcedureId} {r.Kind} {r.TriggerName}: {r.Reason}"));

        var failover = Assert.Single(requested, r => r.Kind == "failover");
        Assert.True(failover.ProcedureId == FailbackScenario.FailoverId
            && failover.Reason.Contains("fence node1", StringComparison.Ordinal)
            && failover.Reason.Contains("node2", StringComparison.Ordinal),
            $"the failover's request should say it fences node1 and chose node2:\n{story}");

        var failback = Assert.Single(requested, r => r.Kind == "failback");
        Assert.True(failback.ProcedureId == FailbackScenario.FailbackId
            && failback.Reason.Contains("back to node1", StringComparison.Ordinal),
            $"the failback's request should say it goes back to node1:\n{story}");

        var rows = baseline.Audit.ToList();
        Assert.True(rows.FindLastIndex(r => r.ProcedureId == FailbackScenario.FailoverId) < rows.FindIndex(r => r.ProcedureId == FailbackScenario.FailbackId),
            $"the failover should be told before the failback:\n{story}");
    }
}
