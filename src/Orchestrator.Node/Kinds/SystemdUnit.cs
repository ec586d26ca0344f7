using Orchestrator.Node.Commands;

namespace Orchestrator.Node.Kinds;

/// <summary>The systemctl command lines of a service's <c>unit</c>, where systemd is PID 1.</summary>
internal static class SystemdUnit
{
    public static ExternalCommand Start(string unit) => new("systemctl", ["start", unit]);

    public static ExternalCommand Stop(string unit) => new("systemctl", ["stop", unit]);

    /// <summary>Exit 0: active; 3: inactive (stopped); anything else: an error.</summary>
    public static ExternalCommand IsActive(string unit) => new("systemctl", ["is-active", "--quiet", unit]);

    /// <summary>The status line of a failed unit, for the message.</summary>
    public static ExternalCommand Status(string unit) => new("systemctl", ["--no-pager", "--lines=0", "status", unit]);
}
