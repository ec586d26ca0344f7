namespace Orchestrator.Node.Kinds;

/// <summary>When an action's timeout runs out: each command of the action gets what is left (at least 100 ms).</summary>
internal readonly record struct Deadline(DateTime At)
{
    public static Deadline After(TimeSpan timeout) => new(DateTime.UtcNow + timeout);

    public TimeSpan Left => At - DateTime.UtcNow is var left && left > TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100);

    public bool Passed => DateTime.UtcNow >= At;
}
