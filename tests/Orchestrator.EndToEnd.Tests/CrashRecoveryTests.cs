using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// A `switchover --wait` killed (SIGKILL) at a named point is finished by `procedures wait`, with every
/// world effect applied exactly once; on SQLite and on PostgreSQL (<see cref="TestStore"/>: a fresh migrated database per
/// case, the world in the data directory; skipped with the fixture's reason without PostgreSQL's binaries).
/// </summary>
public sealed class CrashRecoveryTests(UninterruptedSwitchover baseline) : IClassFixture<UninterruptedSwitchover>
{
    private static readonly int[] Steps = [1, 2, 6, 9, 10, 13, 14, 17, 18, 19, 21, 26];

    /// <summary>The crash points this run takes on each store (<see cref="CrashCampaign"/>: all on both with the full budget).</summary>
    public static TheoryData<TestStore, string> CampaignPoints() =>
        TestStores.OnBoth(CrashCampaign.Sample(CrashPoints()), CrashCampaign.SampleOnPostgres(CrashPoints()));

    public static TheoryData<string> CrashPoints()
    {
        var points = new TheoryData<string> { "after-create" };
        foreach (var n in Steps)
        {
            points.Add($"after-effect-{n}");
            points.Add($"after-commit-{n}");
        }

        return points;
    }

    [SkippableTheory]
    [MemberData(nameof(CampaignPoints))]
    public async Task A_switchover_killed_at_any_point_is_completed_by_procedures_wait_applying_every_effect_once(TestStore store, string crashPoint)
    {
        using var dir = new TempDataDir();
        await dir.UseAsync(store);
        dir.Environment[ShortLease.Variable] = ShortLease.Milliseconds; // the killed worker's claim is taken over once it expires
        await dir.ApplyAsync(Samples.TwoNode);

        var crashed = await dir.RunWithAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = crashPoint }, "switchover", "exch1", "--to", "node2", "--wait");
        crashed.ShouldHaveBeenKilled();

        var resumed = await dir.RunAsync("procedures", "wait", "1");
        resumed.ShouldExitWith(0);

        await baseline.ShouldMatchAsync(dir, store, $"{store}: crash at {crashPoint}");

        // The world counts calls whose key it had already applied: a committed step is never run again, and a step killed
        // after its effect is run again once. (Restarting reconciles the apply's start modes: those replays are the apply's.)
        var replayed = (await dir.WorldAsync()).Replayed.Where(r => r.Key != "ServiceStartMode" && r.Value > 0).ToList();
        var allowed = crashPoint.StartsWith("after-effect-", StringComparison.Ordinal) ? 1 : 0;
        Assert.True(replayed.Sum(r => r.Value) <= allowed,
            $"{store}: crash at {crashPoint}: replayed {string.Join(", ", replayed.Select(r => $"{r.Key} {r.Value}"))}; at most {allowed} allowed");
    }
}
