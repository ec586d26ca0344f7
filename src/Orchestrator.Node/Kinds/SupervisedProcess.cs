using System.Globalization;
using Orchestrator.Node.Commands;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A service's process as its pid file names it: alive (not a zombie) and still the same process — /proc/PID/cmdline is
/// its command and arguments, or (for a program that exec'd another, as a wrapper script does) its start time is the
/// one recorded in the pid file's second line at its start — so that a pid the system gave to another process since is
/// not taken for it.
/// </summary>
internal sealed record SupervisedProcess(string Program, IReadOnlyList<string> Arguments, string PidFile)
{
    /// <summary>The spawner's $0 (<c>sh -c SCRIPT orchestrator-service PROGRAM ARGS</c>): how it is told from the service.</summary>
    public const string SpawnerName = "orchestrator-service";

    /// <summary>The pid the pid file holds, or null (no file, or not a number).</summary>
    public int? RecordedPid() =>
        Lines() is [var first, ..] && int.TryParse(first.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;

    /// <summary>Adds the start time of <paramref name="pid"/> to the pid file (once), for <see cref="IsOurs"/> after an exec.</summary>
    public void RecordStart(int pid)
    {
        if (RecordedStart() is null && ProcessTable.StartTimeOf(pid) is { } start)
        {
            File.WriteAllText(PidFile, string.Create(CultureInfo.InvariantCulture, $"{pid}\nstart={start}\n"));
        }
    }

    /// <summary>The pid of the running service, or null when it is not running (no pid file, dead, or the pid reused).</summary>
    public int? RunningPid() => RecordedPid() is { } pid && IsOurs(pid) ? pid : null;

    /// <summary>The process <paramref name="pid"/> is alive and runs this program with these arguments.</summary>
    public bool IsOurs(int pid)
    {
        if (!ProcessTable.IsAlive(pid) || ProcessTable.CommandLineOf(pid) is not { Count: > 0 } argv)
        {
            return false;
        }

        // Still the spawner (sh writing the pid file, setpriv changing user): not yet the service.
        if ((argv.Count > 3 && argv[3] == SpawnerName) || Path.GetFileName(argv[0]) == "setpriv")
        {
            return false;
        }

        // A script runs as its interpreter (#!): then argv is the interpreter, the script, its arguments.
        return Runs(argv) || (argv.Count > 1 && Runs(argv.Skip(1).ToList())) || (RecordedStart() is { } start && ProcessTable.StartTimeOf(pid) == start);
    }

    private long? RecordedStart() =>
        Lines() is [_, var second, ..] && second.StartsWith("start=", StringComparison.Ordinal)
        && long.TryParse(second[6..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : null;

    private string[] Lines()
    {
        try
        {
            return File.ReadAllLines(PidFile);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private bool Runs(IReadOnlyList<string> argv)
    {
        var sameProgram = argv[0] == Program || Path.GetFileName(argv[0]) == Path.GetFileName(Program);
        return sameProgram && argv.Skip(1).SequenceEqual(Arguments);
    }
}
