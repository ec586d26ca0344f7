using System.Diagnostics;
using System.Text;

namespace Orchestrator.Testing;

/// <summary>
/// Runs the real built CLI (<c>dotnet orchestrator.dll ...</c>) as a child process: the ReadyToRun copy that a Release build
/// on Linux x64 publishes when the calling test assembly has its path beside it (orchestrator.readytorun, copied there by
/// its project reference to Orchestrator.Cli; see Orchestrator.Cli.csproj), else the IL orchestrator.dll the same reference
/// copied next to it (Debug, other machines).
/// </summary>
public static class OrchestratorProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public const int KilledBySigKill = 128 + 9;

    /// <summary>The file that names the ReadyToRun CLI, next to the test assembly when the build made one.</summary>
    public const string ReadyToRunPointer = "orchestrator.readytorun";

    /// <summary>The CLI every test runs (the one place that decides which: <see cref="FindCli"/>).</summary>
    public static string CliPath { get; } = FindCli();

    private static string FindCli()
    {
        var pointer = Path.Combine(AppContext.BaseDirectory, ReadyToRunPointer);
        var cli = File.Exists(pointer) ? File.ReadAllText(pointer).Trim() : Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(File.Exists(pointer)
                ? $"the ReadyToRun CLI that {pointer} names is not at {cli}: build the solution again (Release), or delete {pointer} to run the IL copy"
                : $"the built CLI is not at {cli}: the calling project must reference src/Orchestrator.Cli and be built");
        }

        return cli;
    }

    /// <summary>Runs the CLI to its end (or kills it after <paramref name="timeout"/>); <paramref name="standardInput"/> is written to it first.</summary>
    public static async Task<ProcessResult> RunAsync(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default,
        IReadOnlyList<string>? launcher = null)
    {
        using var running = Start(arguments, environment, standardInput, launcher);
        return await running.WaitForExitAsync(timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the CLI and returns at once (for <c>serve</c>, or to start several at the same time); its input is closed after
    /// <paramref name="standardInput"/>. A <paramref name="launcher"/> runs it through a command that execs it in place
    /// (the lab's <c>ip netns exec NAMESPACE</c>: the process is still the CLI's, its pid the one killed).
    /// </summary>
    public static RunningOrchestrator Start(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null, IReadOnlyList<string>? launcher = null)
    {
        var args = arguments.ToList();
        var info = new ProcessStartInfo(launcher is [var first, ..] ? first : DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var word in launcher is { Count: > 0 } ? [.. launcher.Skip(1), DotnetHost] : Array.Empty<string>())
        {
            info.ArgumentList.Add(word);
        }

        info.ArgumentList.Add(CliPath);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Nothing leaks in from the test runner's environment: each caller says which knobs it sets.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ORCHESTRATOR_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // `serve` re-executes itself without tiered compilation unless this is set (ServeJitMode): the tests keep tiering,
        // as its full-optimisation start-up would cost every serve they start about a second. A caller that gives the key
        // an empty value gets the product's default (the variable unset).
        info.Environment[TieredCompilation] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            if (value.Length == 0)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return new RunningOrchestrator(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"), args, standardInput);
    }

    /// <summary>The runtime's tiered-compilation switch; give it an empty value to run `serve` as the product does.</summary>
    public const string TieredCompilation = "DOTNET_TieredCompilation";

    private static string DotnetHost =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
