using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Node.Tests.Support;

/// <summary>Reading processes from the outside, as a person would with ps: alive (not a zombie), gone within a bound.</summary>
internal static class Processes
{
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int ReadPid(string file) => int.Parse(File.ReadLines(file).First().Trim(), CultureInfo.InvariantCulture);

    /// <summary>Waits up to <paramref name="within"/> for <paramref name="pid"/> to be gone; true when it is.</summary>
    public static async Task<bool> GoneAsync(int pid, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Kills what a failed test may have left (the test's own processes, by pid).</summary>
    public static void KillIfAlive(int? pid)
    {
        if (pid is { } p && IsAlive(p))
        {
            try
            {
                using var process = Process.GetProcessById(p);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Gone meanwhile.
            }
        }
    }
}
