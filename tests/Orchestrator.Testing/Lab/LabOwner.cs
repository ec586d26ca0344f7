using System.Globalization;

namespace Orchestrator.Testing.Lab;

/// <summary>
/// The process that owns a lab: its pid and its start time (in clock ticks since boot, from /proc/PID/stat), so that a
/// pid reused by another process after the owner died is not taken for the owner.
/// </summary>
internal readonly record struct LabOwner(int Pid, long StartTime)
{
    public static LabOwner Current { get; } = Of(Environment.ProcessId) ?? new LabOwner(Environment.ProcessId, 0);

    /// <summary>The running process <paramref name="pid"/>, or null when there is none.</summary>
    public static LabOwner? Of(int pid) => StartTimeOf(pid) is { } start ? new LabOwner(pid, start) : null;

    public bool IsAlive => StartTimeOf(Pid) == StartTime;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTime}");

    public static LabOwner? Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? new LabOwner(pid, start)
            : null;
    }

    private static long? StartTimeOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name (in parentheses, which may hold spaces): state is field 3, starttime field 22.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }
}
