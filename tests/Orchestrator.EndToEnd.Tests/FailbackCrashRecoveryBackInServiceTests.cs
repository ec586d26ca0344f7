using Orchestrator.EndToEnd.Tests.Infrastructure;

namespace Orchestrator.EndToEnd.Tests;

/// <summary>
/// The second half of <see cref="FailbackCrashRecoveryTests"/>: a `failback --wait` killed while bringing exch1 in
/// service on node1 (steps 14–26), moving the users back (27), reconnecting the queues (28) or restoring the routing
/// groups (29).
/// </summary>
public sealed class FailbackCrashRecoveryBackInServiceTests(UninterruptedFailback baseline) : IClassFixture<UninterruptedFailback>
{
    public static TheoryData<string> CrashPoints() =>
        FailbackScenario.CrashPoints(FailbackCrashRecoveryTests.LastStepHere + 1, FailbackScenario.FailbackSteps);

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_failback_killed_while_bringing_exch1_back_to_node1_is_completed_by_procedures_wait_applying_every_effect_once(string crashPoint)
    {
        using var dir = new TempDataDir();
        await dir.FailedOverAndRestoredAsync();

        await dir.CrashFailbackAtAsync(crashPoint);

        (await dir.RunAsync("procedures", "wait", "2")).ShouldExitWith(0);

        await baseline.ShouldMatchAsync(dir, $"crash at {crashPoint}");
    }
}
