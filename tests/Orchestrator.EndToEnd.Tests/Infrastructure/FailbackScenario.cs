using System.Globalization;
using Orchestrator.Testing.Postgres;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The failback scenario on two-node.yaml: three mailbox users homed on node1, node1 fails, exch1 fails over to
/// node2 (procedure #1), node1 comes back; then <c>failback exch1</c> (procedure #2) moves everything back.
/// </summary>
public static class FailbackScenario
{
    public const long FailoverId = 1;

    public const long FailbackId = 2;

    /// <summary>Fence node1, mount E/F/G, acquire the IP, DNS, start 5 services, restore 3 shares, move the users, swap routing groups (S23; a no-op here).</summary>
    public const int FailoverSteps = 16;

    /// <summary>Verify node1; 2–13 out of service on node2; 14–26 in service on node1; 27 users; 28 queues; 29 routing groups back.</summary>
    public const int FailbackSteps = 29;

    public static readonly IReadOnlyList<string> Users = ["alice", "bob", "carol"];

    /// <summary>Every crash point of the failback whose effect steps are tried: <c>after-effect-N</c> for these N.</summary>
    public static readonly IReadOnlyList<int> EffectCrashSteps = [1, 2, 6, 13, 14, 19, 26, 27, 28, 29];

    /// <summary>
    /// The crash points about steps <paramref name="first"/>..<paramref name="last"/>: <c>after-commit-N</c> for each,
    /// <c>after-effect-N</c> for those of <see cref="EffectCrashSteps"/>; with <c>after-create</c> when the range starts at step 1.
    /// </summary>
    public static TheoryData<string> CrashPoints(int first, int last)
    {
        var points = new TheoryData<string>();
        if (first == 1)
        {
            points.Add("after-create");
        }

        for (var n = first; n <= last; n++)
        {
            if (EffectCrashSteps.Contains(n))
            {
                points.Add($"after-effect-{n}");
            }

            points.Add($"after-commit-{n}");
        }

        return points;
    }

    /// <summary>The failback's crash points this run takes on PostgreSQL, sampled over the whole failback (<see cref="CrashCampaign.SampleOnPostgres"/>).</summary>
    public static TheoryData<string> SampleOnPostgres() => CrashCampaign.SampleOnPostgres(CrashPoints(1, FailbackSteps));

    private static readonly Lazy<Task<PostgresSnapshot>> FailedOverAndRestoredOnPostgres =
        new(() => PostgresSnapshot.MakeAsync(FailedOverAndRestoredAsync));

    /// <summary>
    /// <paramref name="dir"/> on <paramref name="store"/>, failed over and restored: on SQLite by the commands
    /// (<see cref="FailedOverAndRestoredAsync(TempDataDir)"/>), on PostgreSQL as a copy of their result, made once per test
    /// process (<see cref="PostgresSnapshot"/>; skipped with the fixture's reason without PostgreSQL's binaries).
    /// </summary>
    public static async Task FailedOverAndRestoredAsync(this TempDataDir dir, TestStore store)
    {
        if (store == TestStore.Sqlite)
        {
            await dir.FailedOverAndRestoredAsync();
            return;
        }

        Skip.If(PostgresServer.MissingReason is not null, PostgresServer.MissingReason);
        await (await FailedOverAndRestoredOnPostgres.Value).CopyToAsync(dir);
    }

    /// <summary>Applies two-node.yaml, adds the users, fails node1, fails exch1 over to node2 and restores node1.</summary>
    public static async Task FailedOverAndRestoredAsync(this TempDataDir dir)
    {
        await dir.ApplyAsync(Samples.TwoNode);
        foreach (var user in Users)
        {
            (await dir.RunAsync("world", "add-user", user, "--domain", "example.com", "--home", "node1")).ShouldExitWith(0);
        }

        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(0);
        (await dir.RunAsync("world", "restore-node", "node1")).ShouldExitWith(0);
    }

    /// <summary>
    /// Runs <c>failback exch1 --wait</c> armed to kill itself at <paramref name="crashPoint"/>: it must die by SIGKILL,
    /// leaving procedure #2 exactly as far as the point says (so the point was reached, and nothing ran past it).
    /// </summary>
    public static async Task CrashFailbackAtAsync(this TempDataDir dir, string crashPoint)
    {
        var crashed = await dir.RunWithAsync(new Dictionary<string, string> { ["ORCHESTRATOR_CRASH_AT"] = crashPoint }, "failback", "exch1", "--wait");
        crashed.ShouldHaveBeenKilled();

        var expectedDone = StepsDoneAt(crashPoint);
        var left = await dir.ProcedureAsync(FailbackId);
        Assert.True(left.Kind == "failback" && left.StepsDone == expectedDone && left.IsActive == (expectedDone < FailbackSteps),
            $"killed at {crashPoint}: expected procedure #{FailbackId} (failback) with {expectedDone} steps done, "
            + $"got {left.Kind} {left.State} with {left.StepsDone} done (active: {left.IsActive}); {crashed}");
    }

    public static async Task<IReadOnlyList<AuditJson>> AuditOfAsync(this TempDataDir dir, string hierarchy) =>
        Json.Parse<List<AuditJson>>((await dir.RunAsync("audit", "list", "--hierarchy", hierarchy, "--json", "--limit", "100000")).ShouldExitWith(0));

    /// <summary>Steps committed when the process dies at a crash point: none after create, N-1 after step N's effect, N after its commit.</summary>
    private static int StepsDoneAt(string crashPoint) =>
        crashPoint switch
        {
            "after-create" => 0,
            _ when crashPoint.StartsWith("after-effect-", StringComparison.Ordinal) => int.Parse(crashPoint["after-effect-".Length..], CultureInfo.InvariantCulture) - 1,
            _ when crashPoint.StartsWith("after-commit-", StringComparison.Ordinal) => int.Parse(crashPoint["after-commit-".Length..], CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"unknown crash point {crashPoint}", nameof(crashPoint)),
        };
}
