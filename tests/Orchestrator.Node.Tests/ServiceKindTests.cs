using Orchestrator.Testing;
using System.Diagnostics;
using System.Globalization;
using Orchestrator.Node.Kinds;
using Orchestrator.Node.Tests.Support;

namespace Orchestrator.Node.Tests;

/// <summary>The service kind, supervised: a real detached process, found again by its pid file, stopped by signals.</summary>
public sealed class ServiceKindTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ScratchDirectory _dir = new();
    private readonly List<string> _pidFiles = [];

    [Fact]
    public async Task Start_SpawnsItDetached_AStartAgainChangesNothing_StopTwiceIsSuccess_MonitorAnswersZeroThenSeven()
    {
        var kind = new ServiceKind(new NodeKindOptions());
        var service = Service(("command", "sleep"), ("args", "300"));

        var start = await kind.RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None);
        var pid = Processes.ReadPid(_dir.File("svc.pid"));
        var again = await kind.RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None);
        var running = await kind.RunAsync(service, ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.True(start.Succeeded, start.Message);
        Assert.Equal($"service mta already running (pid {pid})", again.Message);
        Assert.Equal(pid, Processes.ReadPid(_dir.File("svc.pid")));
        Assert.Equal(OcfExit.Success, running.Exit);
        Assert.Equal(["/usr/bin/sleep", "300"], CommandLine(pid));
        Assert.Equal(pid, SessionOf(pid));

        var stop = await kind.RunAsync(service, ResourceVerb.Stop, Timeout, CancellationToken.None);
        var stopAgain = await kind.RunAsync(service, ResourceVerb.Stop, Timeout, CancellationToken.None);
        var stopped = await kind.RunAsync(service, ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal($"service mta stopped (pid {pid}, SIGTERM)", stop.Message);
        Assert.False(Processes.IsAlive(pid));
        Assert.Equal(("service mta already stopped", true), (stopAgain.Message, stopAgain.Succeeded));
        Assert.Equal(OcfExit.NotRunning, stopped.Exit);
        Assert.False(File.Exists(_dir.File("svc.pid")));
    }

    [Fact]
    public async Task AnotherAgent_FindsTheRunningServiceByItsPidFile_AndStopsIt()
    {
        var service = Service(("command", "sleep"), ("args", "301"));
        Assert.True((await new ServiceKind(new NodeKindOptions()).RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None)).Succeeded);
        var pid = Processes.ReadPid(_dir.File("svc.pid"));

        var restarted = new ServiceKind(new NodeKindOptions());
        var monitor = await restarted.RunAsync(service, ResourceVerb.Monitor, Timeout, CancellationToken.None);
        var stop = await restarted.RunAsync(service, ResourceVerb.Stop, Timeout, CancellationToken.None);

        Assert.Equal($"service mta running (pid {pid})", monitor.Message);
        Assert.True(stop.Succeeded);
        Assert.False(Processes.IsAlive(pid));
    }

    [Fact]
    public async Task APidFileNamingAnotherProgram_IsNotTakenForTheService_NorSignalled()
    {
        using var other = Process.Start("sleep", "302");
        await File.WriteAllTextAsync(_dir.File("svc.pid"), other.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        var kind = new ServiceKind(new NodeKindOptions());
        var service = Service(("command", "sleep"), ("args", "300"));

        try
        {
            var monitor = await kind.RunAsync(service, ResourceVerb.Monitor, Timeout, CancellationToken.None);
            var stop = await kind.RunAsync(service, ResourceVerb.Stop, Timeout, CancellationToken.None);

            Assert.Equal(OcfExit.NotRunning, monitor.Exit);
            Assert.Contains($"pid file names {other.Id}, which is not it", monitor.Message, StringComparison.Ordinal);
            Assert.Equal("service mta already stopped", stop.Message);
            Assert.True(Processes.IsAlive(other.Id));
        }
        finally
        {
            other.Kill();
        }
    }

    [Fact]
    public async Task Start_WaitsForTheReadyCheck_AndMonitorFailsWhenTheCheckFails()
    {
        var ready = _dir.File("ready");
        var daemon = _dir.Script("daemon", $"sleep 0.4\ntouch {ready}\nexec sleep 300");
        var kind = new ServiceKind(new NodeKindOptions());
        var service = Service(("command", daemon), ("ready-check", $"test -f {ready}"), ("max-wait", "10"));

        var start = await kind.RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.True(start.Succeeded, start.Message);
        Assert.True(File.Exists(ready));
        Assert.True(ReadyAfter(start.Message) >= 300, start.Message);
        File.Delete(ready);
        var monitor = await kind.RunAsync(service, ResourceVerb.Monitor, Timeout, CancellationToken.None);
        Assert.Equal(OcfExit.GenericError, monitor.Exit);
        Assert.Contains("ready-check failed", monitor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServiceNotReadyWithinMaxWait_FailsItsStart_AndIsStopped()
    {
        var kind = new ServiceKind(new NodeKindOptions());
        var service = Service(("command", "sleep"), ("args", "303"), ("ready-check", "false"), ("max-wait", "1"));

        var clock = Stopwatch.StartNew();
        var start = await kind.RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.GenericError, start.Exit);
        Assert.Contains("not ready within max-wait 1 s (MAXWAIT): stopped", start.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        Assert.Empty(Matching("sleep", "303"));
    }

    [Fact]
    public async Task AServiceThatIgnoresSigterm_IsKilledAfterItsStopGrace()
    {
        var stubborn = _dir.Script("stubborn", "trap '' TERM\nwhile :; do sleep 0.1; done");
        var kind = new ServiceKind(new NodeKindOptions());
        var service = Service(("command", stubborn), ("stop-grace", "1"));
        Assert.True((await kind.RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None)).Succeeded);
        var pid = Processes.ReadPid(_dir.File("svc.pid"));

        var stop = await kind.RunAsync(service, ResourceVerb.Stop, Timeout, CancellationToken.None);

        Assert.Equal($"service mta stopped (pid {pid}, SIGKILL after 1 s)", stop.Message);
        Assert.False(Processes.IsAlive(pid));
    }

    [Fact]
    public async Task AServiceThatExitsBeforeItIsReady_FailsItsStart_WithItsLog()
    {
        var failing = _dir.Script("failing", "echo 'cannot bind port 25' >&2\nexit 3");
        var kind = new ServiceKind(new NodeKindOptions());

        var start = await kind.RunAsync(Service(("command", failing), ("ready-check", "false")), ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.GenericError, start.Exit);
        Assert.Contains("exited before it was ready; its log: cannot bind port 25", start.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUser_RunsTheServiceAsThatUser()
    {
        var kind = new ServiceKind(new NodeKindOptions());
        var service = Service(("command", "sleep"), ("args", "304"), ("user", "nobody"));

        var start = await kind.RunAsync(service, ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.True(start.Succeeded, start.Message);
        var status = await File.ReadAllLinesAsync($"/proc/{Processes.ReadPid(_dir.File("svc.pid"))}/status");
        Assert.StartsWith("Uid:\t65534\t", status.Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(OcfExit.InvalidArgument, (await kind.RunAsync(Service(("command", "sleep"), ("args", "1"), ("user", "no-such-user")), ResourceVerb.Start, Timeout, CancellationToken.None)).Exit);
    }

    [Fact]
    public async Task MissingParameters_AreNamed_AndAUnitWithoutSystemdIsNotInstalled()
    {
        var kind = new ServiceKind(new NodeKindOptions { SystemdRuns = false });

        var noCommand = await kind.RunAsync(new ResourceSpec("service", "mta", new Dictionary<string, string>()), ResourceVerb.Start, Timeout, CancellationToken.None);
        var noPidFile = await kind.RunAsync(new ResourceSpec("service", "mta", new Dictionary<string, string> { ["command"] = "sleep" }), ResourceVerb.Start, Timeout, CancellationToken.None);
        var unit = await kind.RunAsync(new ResourceSpec("service", "mta", new Dictionary<string, string> { ["unit"] = "postfix.service" }), ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal((OcfExit.NotConfigured, "service resource mta: parameter 'command' is missing: add it"), (noCommand.Exit, noCommand.Message));
        Assert.Contains("'pidfile'", noPidFile.Message, StringComparison.Ordinal);
        Assert.Equal(OcfExit.NotInstalled, unit.Exit);
    }

    [Fact]
    public void WhereSystemdRuns_AUnitIsStartedStoppedAndAskedBySystemctl()
    {
        Assert.Equal("systemctl start postfix.service", SystemdUnit.Start("postfix.service").ToString());
        Assert.Equal("systemctl stop postfix.service", SystemdUnit.Stop("postfix.service").ToString());
        Assert.Equal("systemctl is-active --quiet postfix.service", SystemdUnit.IsActive("postfix.service").ToString());
    }

    [Theory]
    [InlineData("-f -c '/etc/my conf' \"say \\\"hi\\\"\"", new[] { "-f", "-c", "/etc/my conf", "say \"hi\"" })]
    [InlineData("  a   b ", new[] { "a", "b" })]
    [InlineData("$(id) ;rm", new[] { "$(id)", ";rm" })]
    public void Args_AreSplitIntoWords_WithoutAnyShellExpansion(string line, string[] expected) =>
        Assert.Equal(expected, ArgumentSplitter.Split(line));

    private ResourceSpec Service(params (string Name, string Value)[] parameters)
    {
        var pidFile = _dir.File("svc.pid");
        _pidFiles.Add(pidFile);
        return new ResourceSpec("service", "mta", new Dictionary<string, string>(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))) { ["pidfile"] = pidFile });
    }

    private static IReadOnlyList<string> CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Split('\0');

    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], CultureInfo.InvariantCulture);
    }

    private static List<int> Matching(string program, string argument) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Processes.IsAlive(pid))
            .Where(pid =>
            {
                try
                {
                    return CommandLine(pid) is [var p, var a] && Path.GetFileName(p) == program && a == argument;
                }
                catch (IOException)
                {
                    return false;
                }
            })];

    private static int ReadyAfter(string message) =>
        int.Parse(message[(message.IndexOf("ready after ", StringComparison.Ordinal) + 12)..].Split(' ')[0], CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var pidFile in _pidFiles.Where(File.Exists))
        {
            try
            {
                Processes.KillIfAlive(Processes.ReadPid(pidFile));
            }
            catch (FormatException)
            {
                // Not a pid: nothing to clean.
            }
        }

        _dir.Dispose();
    }
}
