namespace Orchestrator.Node.Kinds;

/// <summary>
/// What the built-in kinds need to know of the node they run on: its name (the volume lock file holds it), where OCF
/// agents live, whether systemd runs, and a prefix for every command (<c>ip netns exec NS</c> in the lab's tests; an
/// agent runs inside its node and needs none).
/// </summary>
public sealed class NodeKindOptions
{
    /// <summary>This node's name (the cluster file's), written in the lock files it takes.</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>OCF_ROOT: where <c>ocf:PROVIDER:TYPE</c> resolves to <c>resource.d/PROVIDER/TYPE</c>.</summary>
    public string OcfRoot { get; init; } = "/usr/lib/ocf";

    /// <summary>Before every command the kinds run; empty on a real node.</summary>
    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    /// <summary>Whether systemd is PID 1 (then a service's <c>unit</c> is run by systemctl); null: read /proc/1/comm.</summary>
    public bool? SystemdRuns { get; init; }

    /// <summary>How long a stopping service has after SIGTERM before SIGKILL, unless its <c>stop-grace</c> says otherwise.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    internal bool IsSystemdRunning()
    {
        if (SystemdRuns is { } given)
        {
            return given;
        }

        try
        {
            return File.ReadAllText("/proc/1/comm").Trim() == "systemd";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
