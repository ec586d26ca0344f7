using System.Collections;
using System.Runtime.InteropServices;

namespace Orchestrator.Cli.Infrastructure;

/// <summary>
/// `serve` runs with every method compiled fully optimised at its first call (tiered compilation off): a runner's CPU in a
/// storm then goes to the storm, not to the background JIT re-compiling the failover's code (issue 13's storm: 0.5–0.8 s of
/// JIT per runner during the storm with tiering, paid again by every runner; without it two runners were as fast as one).
/// The short commands keep tiering (their start-up would double without it). As the runtime reads the setting only at
/// start, `serve` on Linux re-executes itself at once (execve: the same process id, arguments and environment, plus
/// <c>DOTNET_TieredCompilation=0</c>), before it opens or prints anything. An operator who sets
/// <c>DOTNET_TieredCompilation</c> (to 1 or 0) decides instead; elsewhere than Linux, or when execve fails, serve goes on
/// as it is.
/// </summary>
internal static class ServeJitMode
{
    public const string Variable = "DOTNET_TieredCompilation";

    /// <summary>Returns only when this process keeps running as it is (already set, not Linux, or execve refused).</summary>
    public static void EnsureFullyOptimised()
    {
        if (!OperatingSystem.IsLinux() || !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(Variable)))
        {
            return;
        }

        string[] argv;
        try
        {
            argv = File.ReadAllText("/proc/self/cmdline").Split('\0');
        }
        catch (IOException)
        {
            return;
        }

        var arguments = argv.Length > 0 && argv[^1].Length == 0 ? argv[..^1] : argv;
        if (arguments.Length == 0 || System.Environment.ProcessPath is not { } program)
        {
            return;
        }

        var environment = new List<string?>();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            environment.Add($"{e.Key}={e.Value}");
        }

        environment.Add($"{Variable}=0");
        environment.Add(null);
        Console.Out.Flush();
        Console.Error.Flush();
        _ = Execve(program, [.. arguments, null], [.. environment]); // returns only when it failed: serve goes on with tiering
    }

    [DllImport("libc", EntryPoint = "execve", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Execve(string path, string?[] argv, string?[] envp);
}
