using System.Runtime.InteropServices;

namespace Orchestrator.Node.Commands;

/// <summary>kill(2): a signal to one process or (negative id) to a whole process group.</summary>
internal static partial class Signals
{
    public const int Term = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to the process group <paramref name="groupId"/>; false when there is none.</summary>
    public static bool ToGroup(int groupId, int signal) => groupId > 1 && NativeKill(-groupId, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to the process <paramref name="processId"/>; false when there is none.</summary>
    public static bool ToProcess(int processId, int signal) => processId > 1 && NativeKill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
