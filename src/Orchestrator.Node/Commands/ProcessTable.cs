using System.Globalization;

namespace Orchestrator.Node.Commands;

/// <summary>
/// What /proc says of a process: whether it lives (a zombie does not: it has exited, only its parent has not reaped it),
/// its process group and its command line (to tell a process from another that was given the same pid later).
/// </summary>
internal static class ProcessTable
{
    /// <summary>The process exists and has not exited.</summary>
    public static bool IsAlive(int processId) => Stat(processId) is { } stat && stat.State is not ('Z' or 'X');

    /// <summary>The process group of the process, or null when there is no such process.</summary>
    public static int? GroupOf(int processId) => Stat(processId)?.Group;

    /// <summary>When the process started (clock ticks since boot; exec keeps it, a new process with the same pid has another), or null.</summary>
    public static long? StartTimeOf(int processId) => Stat(processId)?.StartTime;

    /// <summary>The process's argv (/proc/PID/cmdline), or null when there is no such process.</summary>
    public static IReadOnlyList<string>? CommandLineOf(int processId)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return text.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (char State, int Group, long StartTime)? Stat(int processId)
    {
        if (processId <= 0)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // pid (comm) state ppid pgrp ... starttime (field 22): comm may hold spaces and parentheses, so read after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length < 20
            ? null
            : (fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}
