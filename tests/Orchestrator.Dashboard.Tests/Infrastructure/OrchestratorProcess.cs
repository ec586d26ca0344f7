using System.Diagnostics;
using System.Text;

namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>Runs the real CLI (<c>dotnet orchestrator.dll ...</c>) as a child process (after the end-to-end tests' helper, with standard input).</summary>
public static class OrchestratorProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static string CliPath { get; } = Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        using var running = Start(arguments, standardInput);
        return await running.WaitForExitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
    }

    /// <summary>Starts the CLI and returns at once; <paramref name="standardInput"/> is written to it, then its input is closed.</summary>
    public static RunningOrchestrator Start(IEnumerable<string> arguments, string? standardInput = null)
    {
        var args = arguments.ToList();
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(CliPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ORCHESTRATOR_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return new RunningOrchestrator(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"), args, standardInput);
    }

    private static string DotnetHost =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
