namespace Orchestrator.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Issue 12 point 7: the world de-duplicates effects by key, so equal <c>applied</c> counts do not prove that a
/// recovered run did not re-run committed steps. The world also counts, per effect key
/// ("{EffectKind}:{node}/{target}"), the calls it had already applied: after a crash past a commit no key may be
/// replayed, after a crash between an effect and its commit each key at most once (the interrupted step, asked again).
/// </summary>
public static class Replays
{
    private const string AfterEffect = "after-effect-";

    /// <summary>Replays of the start modes the apply set: every restarted process reconciles them, they are not a step's.</summary>
    private const string ApplyStartModes = "ServiceStartMode:";

    /// <summary>The replays a crash at <paramref name="crashPoint"/> allows, per key: 1 after an effect, 0 after a request or a commit.</summary>
    public static int AllowedAfter(string crashPoint) =>
        crashPoint.StartsWith(AfterEffect, StringComparison.Ordinal) ? 1 : 0;

    /// <summary>No effect key replayed more often than <paramref name="allowed"/> times (the apply's start modes aside).</summary>
    public static void ShouldReplayEachKeyAtMost(this WorldJson world, int allowed, string context)
    {
        var replayed = world.ReplayedKeys
            .Where(r => r.Value > 0 && !r.Key.StartsWith(ApplyStartModes, StringComparison.Ordinal))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        Assert.True(replayed.All(r => r.Value <= allowed),
            $"{context}: replayed {string.Join(", ", replayed.Select(r => $"{r.Key} x{r.Value}"))}; at most {allowed} per key allowed");
    }

    /// <summary>The replays per key a crash at <paramref name="crashPoint"/> allows (<see cref="AllowedAfter"/>).</summary>
    public static async Task ReplaysShouldBeAllowedAfterAsync(this TempDataDir dir, string crashPoint) =>
        (await dir.WorldAsync()).ShouldReplayEachKeyAtMost(AllowedAfter(crashPoint), $"crash at {crashPoint}");
}
