using System.Globalization;
using Orchestrator.Node.Commands;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A service's process as its pid file names it: alive (not a zombie) and still the same program — /proc/PID/cmdline
/// is its command and arguments — so that a pid the system gave to another process since is not taken for it.
/// </summary>
internal sealed record SupervisedProcess(string Program, IReadOnlyList<string> Arguments, string PidFile)
{
    /// <summary>The pid the pid file holds, or null (no file, or not a number).</summary>
    public int? RecordedPid()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid > 1 ? pid : null;
        }
        catch (IOException)
        {
            return null;
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

        // A script runs as its interpreter (#!): then argv is the interpreter, the script, its arguments.
        return Runs(argv) || (argv.Count > 1 && Runs(argv.Skip(1).ToList()));
    }

    private bool Runs(IReadOnlyList<string> argv)
    {
        var sameProgram = argv[0] == Program || Path.GetFileName(argv[0]) == Path.GetFileName(Program);
        return sameProgram && argv.Skip(1).SequenceEqual(Arguments);
    }
}
