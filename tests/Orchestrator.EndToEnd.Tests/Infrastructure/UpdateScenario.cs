using System.Globalization;

namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The two-node rolling update (S29) through the real CLI: workflows/samples/two-node-mirrored.yaml, a fast mirror
/// resync, then `update start exch1 --package 6.5.7638 --wait` (procedure #1), killed at a chosen point and finished
/// by `procedures wait 1`.
/// </summary>
public static class UpdateScenario
{
    public const string Package = "6.5.7638";

    public const long UpdateId = 1;

    /// <summary>Steps of the two-node update of two-node-mirrored.yaml (checked against the plan by the baseline).</summary>
    public const int Steps = 73;

    public static string MirroredSample => Path.Combine(Samples.RepoRoot, "workflows", "samples", "two-node-mirrored.yaml");

    public static async Task PrepareAsync(this TempDataDir dir)
    {
        await dir.ApplyAsync(MirroredSample);
        (await dir.RunAsync("world", "resync-time", "0.05")).ShouldExitWith(0);
    }

    public static Task<ProcessResult> UpdateAsync(this TempDataDir dir, IReadOnlyDictionary<string, string>? environment = null) =>
        dir.RunWithAsync(environment ?? new Dictionary<string, string>(), "update", "start", "exch1", "--package", Package, "--wait");

    /// <summary>Every step boundary: after the request, after each step's commit; and after the effect of the steps that change a node.</summary>
    public static TheoryData<string> CrashPoints(int fromStep, int toStep, bool withCreate, IEnumerable<int>? effectSteps = null)
    {
        var points = new TheoryData<string>();
        if (withCreate)
        {
            points.Add("after-create");
        }

        for (var n = fromStep; n <= toStep; n++)
        {
            points.Add($"after-commit-{n.ToString(CultureInfo.InvariantCulture)}");
        }

        foreach (var n in effectSteps ?? [])
        {
            points.Add($"after-effect-{n.ToString(CultureInfo.InvariantCulture)}");
        }

        return points;
    }

    /// <summary>Steps whose effect changes a node outside the hierarchy's resources: installs, agents, mirrors, the planned restart.</summary>
    public static readonly int[] EffectSteps = [1, 2, 3, 5, 7, 36, 37, 38, 39, 41, 42, 43];
}
