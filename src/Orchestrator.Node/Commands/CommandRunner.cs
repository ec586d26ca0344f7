using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orchestrator.Node.Commands;

/// <summary>
/// Runs <see cref="ExternalCommand"/>s: an argument list (never a shell), in a process group of its own (<c>setsid</c>)
/// so that a timeout kills it with everything it started, each output stream captured up to <see cref="OutputLimit"/>
/// characters (the rest is read and dropped, so a chatty program never blocks). <see cref="Prefix"/> goes before every
/// command: <c>ip netns exec NS</c> runs the kinds in a lab namespace (an agent runs in its node and needs none).
/// </summary>
public sealed class CommandRunner
{
    /// <summary>How many characters of each output stream are kept.</summary>
    public const int OutputLimit = 256 * 1024;

    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
    private static readonly TimeSpan ReapWithin = TimeSpan.FromSeconds(5);

    /// <summary>A runner with <paramref name="prefix"/> before every command (none when null or empty).</summary>
    public CommandRunner(IReadOnlyList<string>? prefix = null)
    {
        Prefix = prefix ?? [];
    }

    /// <summary>What goes before every command (e.g. <c>ip netns exec orl-1a2b3c-node1</c>).</summary>
    public IReadOnlyList<string> Prefix { get; }

    /// <summary>The full path of <paramref name="program"/> on PATH or in the system directories (ip, arping are in /usr/sbin); null when absent.</summary>
    public static string? Find(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        var path = System.Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Concat(SystemDirectories).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Runs <paramref name="command"/> to its end, or until <paramref name="timeout"/> has passed (then its process group
    /// is killed and the result says <see cref="CommandResult.TimedOut"/>). A program that cannot be found or started
    /// answers <see cref="CommandResult.NotStarted"/>; cancellation kills it too and throws.
    /// </summary>
    public async Task<CommandResult> RunAsync(ExternalCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var program = Find(command.Program);
        if (program is null)
        {
            return new CommandResult(null, "", "") { NotStarted = $"{command.Program} not found" };
        }

        string[] line = [.. Prefix, program, .. command.Arguments];
        var setsid = Find("setsid");
        var start = new ProcessStartInfo(setsid ?? line[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in setsid is null ? line.Skip(1) : ["-w", .. line])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        }
        catch (Win32Exception e)
        {
            return new CommandResult(null, "", "") { NotStarted = $"{command.Program} could not be started: {e.Message}" };
        }

        using (process)
        {
            var stdout = ReadBoundedAsync(process.StandardOutput);
            var stderr = ReadBoundedAsync(process.StandardError);
            try
            {
                if (command.Input is not null)
                {
                    await process.StandardInput.WriteAsync(command.Input).ConfigureAwait(false);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading its input: its exit code says what happened.
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await KillAsync(process).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return new CommandResult(null, await Completed(stdout).ConfigureAwait(false), await Completed(stderr).ConfigureAwait(false))
                {
                    TimedOut = true,
                };
            }

            return new CommandResult(process.ExitCode, await Completed(stdout).ConfigureAwait(false), await Completed(stderr).ConfigureAwait(false));
        }
    }

    /// <summary>SIGKILL to the process group it leads (setsid made it a leader), then to its tree; waits, bounded, for it to go.</summary>
    internal static async Task KillAsync(Process process)
    {
        if (ProcessTable.GroupOf(process.Id) == process.Id)
        {
            Signals.ToGroup(process.Id, Signals.Kill);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReapWithin).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Left to the system: nothing more a runner can do to a process that survives SIGKILL.
        }
    }

    private static async Task<string> Completed(Task<string> reading)
    {
        // A process it left running (a daemon that kept our pipe) may hold the stream open: do not wait for it beyond a moment.
        try
        {
            return await reading.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "";
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = OutputLimit - kept.Length;
            if (room > 0)
            {
                kept.Append(buffer, 0, Math.Min(room, read));
            }
        }

        return kept.ToString();
    }
}
