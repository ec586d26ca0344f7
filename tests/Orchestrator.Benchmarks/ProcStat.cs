using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Linux /proc readings for the benchmarks with child processes: a process's CPU seconds (utime + stime of
/// /proc/PID/stat), a PostgreSQL cluster's CPU seconds (its postmaster with the reaped backends, and the live ones) and
/// the load average. NaN (or "n/a") where /proc cannot tell.
/// </summary>
internal static class ProcStat
{
    /// <summary>USER_HZ: the clock ticks /proc counts CPU time in.</summary>
    private const double TicksPerSecond = 100.0;

    /// <summary>CPU seconds (user + system) process <paramref name="pid"/> has used so far, from /proc/PID/stat.</summary>
    public static double CpuSeconds(int pid) =>
        Read(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}")) is { } s ? s.Own / TicksPerSecond : double.NaN;

    /// <summary>
    /// CPU seconds used so far by the threads of process <paramref name="pid"/> whose name (/proc/PID/task/TID/comm, 15
    /// characters at most) starts with <paramref name="prefix"/> — ".NET Tiered Com" is the runtime's background JIT
    /// (tier-1 recompilation of hot methods). NaN where /proc cannot tell.
    /// </summary>
    public static double ThreadCpuSeconds(int pid, string prefix)
    {
        try
        {
            long ticks = 0;
            foreach (var task in Directory.GetDirectories(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/task")))
            {
                if (Read(task) is { } stat && stat.Command.StartsWith(prefix, StringComparison.Ordinal))
                {
                    ticks += stat.Own;
                }
            }

            return ticks / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// CPU seconds of the PostgreSQL server listening on <paramref name="port"/>: the postmaster with its reaped children
    /// (backends that ended), and its live children (backends, checkpointer, WAL writer...).
    /// </summary>
    public static double ServerCpuSeconds(int port)
    {
        try
        {
            var option = string.Create(CultureInfo.InvariantCulture, $"-p\0{port}\0");
            var stats = new List<Stat>();
            int? postmaster = null;
            foreach (var dir in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _) || Read(dir) is not { } stat)
                {
                    continue;
                }

                stats.Add(stat);
                if (postmaster is null && stat.Command == "postgres" && Cmdline(dir).Contains(option, StringComparison.Ordinal))
                {
                    postmaster = stat.Pid;
                }
            }

            if (postmaster is not { } root)
            {
                return double.NaN;
            }

            var ticks = stats.Where(s => s.Pid == root).Sum(s => s.Own + s.Children) + stats.Where(s => s.Parent == root).Sum(s => s.Own);
            return ticks / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// CPU seconds (user + system) of this process's children that ended and were waited for, so far (cutime + cstime of
    /// /proc/self/stat): the difference across one child's run is that child's CPU time. NaN where /proc cannot tell.
    /// </summary>
    public static double ReapedChildrenCpuSeconds() => Read("/proc/self") is { } s ? s.Children / TicksPerSecond : double.NaN;

    /// <summary>The load average over 1, 5 and 15 minutes, as /proc/loadavg gives it ("3.96 2.99 4.45").</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private sealed record Stat(int Pid, string Command, int Parent, long Own, long Children);

    private static Stat? Read(string dir)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(dir, "stat"));
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            long Field(int n) => long.Parse(fields[n - 3], CultureInfo.InvariantCulture); // man 5 proc: field n, counted from 1; fields[0] is field 3
            return new Stat(
                int.Parse(text[..open].Trim(), CultureInfo.InvariantCulture), text[(open + 1)..close], (int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // a process that ended while being read
        }
    }

    private static string Cmdline(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
