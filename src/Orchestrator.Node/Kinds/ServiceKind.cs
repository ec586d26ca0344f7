using System.Diagnostics;
using System.Globalization;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Ocf;

namespace Orchestrator.Node.Kinds;

/// <summary>
/// A service (<c>service</c>). Supervised (the default): <c>command</c> with <c>args</c> started detached (its own
/// session: it outlives the agent, which finds it again by <c>pidfile</c> and /proc/PID/cmdline), optionally as
/// <c>user</c>, its output appended to <c>log</c>; ready when <c>ready-check</c> exits 0 (else when it is alive) within
/// <c>max-wait</c> seconds, or it is stopped and the start fails (MAXWAIT). Stop: SIGTERM to its process group, SIGKILL
/// after <c>stop-grace</c> seconds. Monitor: alive and ready-check passing. Where systemd is PID 1, <c>unit</c> instead:
/// systemctl start / stop / is-active.
/// </summary>
public sealed class ServiceKind(NodeKindOptions options) : IResourceKind
{
    internal static readonly OcfMetadata Metadata = new(
        "service",
        [
            new OcfParameter("command", false, "string", null, "the executable of the supervised process (required without unit)"),
            new OcfParameter("args", false, "string", null, "its arguments on one line ('quotes' group words; no shell)"),
            new OcfParameter("pidfile", false, "string", null, "where its pid is kept (required without unit)"),
            new OcfParameter("user", false, "string", null, "the user it runs as (root unless given)"),
            new OcfParameter("max-wait", false, "integer", "30", "seconds it has to become ready after start (MAXWAIT)"),
            new OcfParameter("ready-check", false, "string", null, "an executable (with arguments) whose exit 0 means ready"),
            new OcfParameter("stop-grace", false, "integer", "10", "seconds between SIGTERM and SIGKILL at stop"),
            new OcfParameter("log", false, "string", null, "where its output is appended (pidfile.log unless given)"),
            new OcfParameter("unit", false, "string", null, "a systemd unit (where systemd is PID 1) instead of command and pidfile"),
        ],
        ["start", "stop", "monitor", "meta-data"]);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    // The spawner: writes its own pid (kept by exec) into the pid file, detaches its standard streams, becomes the program.
    private const string Spawner =
        "printf '%s\\n' \"$$\" > \"$ORCHESTRATOR_PIDFILE\" && exec \"$@\" </dev/null >>\"$ORCHESTRATOR_LOG\" 2>&1";

    private readonly CommandRunner _runner = new(options.CommandPrefix);

    public string Kind => "service";

    public async Task<ResourceResult> RunAsync(ResourceSpec resource, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (verb == ResourceVerb.MetaData)
        {
            return new ResourceResult(OcfExit.Success, Metadata.ToXml());
        }

        if (resource.Optional("unit") is { } unit)
        {
            return options.IsSystemdRunning()
                ? await RunUnitAsync(resource, unit, verb, timeout, cancellationToken).ConfigureAwait(false)
                : new ResourceResult(OcfExit.NotInstalled, $"service {resource.Name}: unit {unit} given but systemd is not PID 1 here: give command and pidfile instead");
        }

        if (resource.Optional("command") is not { } command)
        {
            return resource.Missing("command");
        }

        if (resource.Optional("pidfile") is not { } pidFile)
        {
            return resource.Missing("pidfile");
        }

        IReadOnlyList<string> arguments, readyCheck;
        try
        {
            arguments = ArgumentSplitter.Split(resource.Optional("args"));
            readyCheck = ArgumentSplitter.Split(resource.Optional("ready-check"));
        }
        catch (FormatException e)
        {
            return resource.Invalid("args", e.Message);
        }

        if (!Seconds(resource, "max-wait", 30, out var maxWait) || !Seconds(resource, "stop-grace", options.StopGrace.TotalSeconds, out var grace))
        {
            return resource.Invalid("max-wait", "and stop-grace are whole seconds");
        }

        var program = CommandRunner.Find(command);
        if (program is null && verb == ResourceVerb.Start)
        {
            return new ResourceResult(OcfExit.NotInstalled, $"service {resource.Name}: {command} not found");
        }

        var process = new SupervisedProcess(program ?? command, arguments, pidFile);
        var deadline = Deadline.After(timeout);
        return verb switch
        {
            ResourceVerb.Start => await StartAsync(resource, process, readyCheck, maxWait, grace, deadline, cancellationToken).ConfigureAwait(false),
            ResourceVerb.Stop => await StopAsync(resource, process, grace, deadline, cancellationToken).ConfigureAwait(false),
            ResourceVerb.Monitor => await MonitorAsync(resource, process, readyCheck, deadline, cancellationToken).ConfigureAwait(false),
            _ => resource.Unimplemented(verb),
        };
    }

    private async Task<ResourceResult> StartAsync(
        ResourceSpec resource, SupervisedProcess process, IReadOnlyList<string> readyCheck, TimeSpan maxWait, TimeSpan grace, Deadline deadline, CancellationToken cancellationToken)
    {
        if (resource.Optional("user") is { } user && PasswdEntry.Find(user) is null)
        {
            return resource.Invalid("user", $"is '{user}', a user this node does not have");
        }

        if (process.RunningPid() is { } running)
        {
            return new ResourceResult(OcfExit.Success, $"service {resource.Name} already running (pid {running})");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(process.PidFile))!);
        File.Delete(process.PidFile);
        var log = resource.Optional("log") ?? process.PidFile + ".log";
        var spawn = new ExternalCommand("setsid", ["-f", "sh", "-c", Spawner, SupervisedProcess.SpawnerName, .. AsUser(resource), process.Program, .. process.Arguments])
        {
            Environment = new Dictionary<string, string> { ["ORCHESTRATOR_PIDFILE"] = process.PidFile, ["ORCHESTRATOR_LOG"] = log },
        };
        var spawned = await _runner.RunAsync(spawn, deadline.Left, cancellationToken).ConfigureAwait(false);
        if (!spawned.Succeeded)
        {
            return new ResourceResult(OcfExit.GenericError, $"service {resource.Name}: could not spawn {process.Program}: {spawned.Describe()}");
        }

        var clock = Stopwatch.StartNew();
        var readyBy = Deadline.After(maxWait < deadline.Left ? maxWait : deadline.Left);
        while (!readyBy.Passed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pid = process.RecordedPid();
            if (pid is { } p && ProcessTable.IsAlive(p))
            {
                process.RecordStart(p);
            }
            else if (pid is { } dead)
            {
                return new ResourceResult(OcfExit.GenericError, $"service {resource.Name} (pid {dead}) exited before it was ready; its log: {Tail(log)}");
            }

            if (pid is { } q && process.IsOurs(q) && (readyCheck.Count == 0 || (await CheckAsync(readyCheck, readyBy, cancellationToken).ConfigureAwait(false)).Succeeded))
            {
                return new ResourceResult(OcfExit.Success, $"service {resource.Name} started (pid {q}), ready after {clock.ElapsedMilliseconds} ms");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        var stopped = await StopAsync(resource, process, grace, Deadline.After(grace + TimeSpan.FromSeconds(5)), cancellationToken).ConfigureAwait(false);
        return new ResourceResult(
            OcfExit.GenericError,
            $"service {resource.Name} not ready within max-wait {maxWait.TotalSeconds:0} s (MAXWAIT): {(stopped.Succeeded ? "stopped" : stopped.Message)}");
    }

    private static async Task<ResourceResult> StopAsync(ResourceSpec resource, SupervisedProcess process, TimeSpan grace, Deadline deadline, CancellationToken cancellationToken)
    {
        if (process.RunningPid() is not { } pid)
        {
            File.Delete(process.PidFile);
            return new ResourceResult(OcfExit.Success, $"service {resource.Name} already stopped");
        }

        // Its spawner made it a session and group leader: the signal reaches whatever it started too.
        Send(pid, Signals.Term);
        var termBy = Deadline.After(grace < deadline.Left ? grace : deadline.Left);
        while (!termBy.Passed && ProcessTable.IsAlive(pid))
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        var how = "SIGTERM";
        if (ProcessTable.IsAlive(pid))
        {
            Send(pid, Signals.Kill);
            how = $"SIGKILL after {grace.TotalSeconds:0.#} s";
            var killBy = Deadline.After(TimeSpan.FromSeconds(5));
            while (!killBy.Passed && ProcessTable.IsAlive(pid))
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }

        if (ProcessTable.IsAlive(pid))
        {
            return new ResourceResult(OcfExit.GenericError, $"service {resource.Name} (pid {pid}) still alive after SIGKILL");
        }

        File.Delete(process.PidFile);
        return new ResourceResult(OcfExit.Success, $"service {resource.Name} stopped (pid {pid}, {how})");
    }

    private async Task<ResourceResult> MonitorAsync(
        ResourceSpec resource, SupervisedProcess process, IReadOnlyList<string> readyCheck, Deadline deadline, CancellationToken cancellationToken)
    {
        if (process.RunningPid() is not { } pid)
        {
            var stale = process.RecordedPid() is { } old ? $" (pid file names {old}, which is not it)" : "";
            return new ResourceResult(OcfExit.NotRunning, $"service {resource.Name} is not running{stale}");
        }

        if (readyCheck.Count == 0)
        {
            return new ResourceResult(OcfExit.Success, $"service {resource.Name} running (pid {pid})");
        }

        var check = await CheckAsync(readyCheck, deadline, cancellationToken).ConfigureAwait(false);
        return check.Succeeded
            ? new ResourceResult(OcfExit.Success, $"service {resource.Name} running (pid {pid}), ready-check passed")
            : new ResourceResult(OcfExit.GenericError, $"service {resource.Name} running (pid {pid}) but its ready-check failed: {check.Describe()}");
    }

    private async Task<ResourceResult> RunUnitAsync(ResourceSpec resource, string unit, ResourceVerb verb, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Deadline.After(timeout);
        var active = await _runner.RunAsync(SystemdUnit.IsActive(unit), timeout, cancellationToken).ConfigureAwait(false);
        switch (verb)
        {
            case ResourceVerb.Monitor:
                return active.ExitCode switch
                {
                    0 => new ResourceResult(OcfExit.Success, $"unit {unit} is active"),
                    3 => new ResourceResult(OcfExit.NotRunning, $"unit {unit} is inactive"),
                    _ => new ResourceResult(OcfExit.GenericError, $"systemctl is-active {unit}: {active.Describe()}"),
                };
            case ResourceVerb.Start when active.Succeeded:
                return new ResourceResult(OcfExit.Success, $"unit {unit} already active");
            case ResourceVerb.Stop when active.ExitCode == 3:
                return new ResourceResult(OcfExit.Success, $"unit {unit} already inactive");
            case ResourceVerb.Start or ResourceVerb.Stop:
                var command = verb == ResourceVerb.Start ? SystemdUnit.Start(unit) : SystemdUnit.Stop(unit);
                var result = await _runner.RunAsync(command, deadline.Left, cancellationToken).ConfigureAwait(false);
                return result.Succeeded
                    ? new ResourceResult(OcfExit.Success, $"{command}: done")
                    : new ResourceResult(OcfExit.GenericError, $"{command} failed: {result.Describe()}");
            default:
                return resource.Unimplemented(verb);
        }
    }

    private Task<CommandResult> CheckAsync(IReadOnlyList<string> readyCheck, Deadline deadline, CancellationToken cancellationToken) =>
        _runner.RunAsync(new ExternalCommand(readyCheck[0], readyCheck.Skip(1).ToList()), deadline.Left, cancellationToken);

    private static IReadOnlyList<string> AsUser(ResourceSpec resource) =>
        resource.Optional("user") is { } user && PasswdEntry.Find(user) is { } entry
            ? ["setpriv", $"--reuid={entry.Uid}", $"--regid={entry.Gid}", "--init-groups", "--"]
            : [];

    private static void Send(int pid, int signal)
    {
        if (!(ProcessTable.GroupOf(pid) == pid && Signals.ToGroup(pid, signal)))
        {
            Signals.ToProcess(pid, signal);
        }
    }

    private static bool Seconds(ResourceSpec resource, string name, double fallback, out TimeSpan value)
    {
        var text = resource.Optional(name);
        var ok = double.TryParse(text ?? fallback.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0;
        value = TimeSpan.FromSeconds(ok ? seconds : fallback);
        return ok;
    }

    private static string Tail(string log)
    {
        try
        {
            var lines = File.ReadAllLines(log).TakeLast(3).ToList();
            return lines.Count == 0 ? "(empty)" : string.Join(" | ", lines);
        }
        catch (IOException)
        {
            return "(none)";
        }
    }
}
