using System.Diagnostics;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// Named points where a test can have the process killed with SIGKILL (ORCHESTRATOR_CRASH_AT=name),
/// to prove the durability contract by killing a real process rather than arguing it.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "ORCHESTRATOR_CRASH_AT";

    private static readonly string? Armed = System.Environment.GetEnvironmentVariable(Variable);

    public static void Hit(string point)
    {
        if (Armed is not null && string.Equals(Armed, point, StringComparison.Ordinal))
        {
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill(); // SIGKILL on Unix: no finally blocks, no flushes
        }
    }
}
