using Orchestrator.Testing.Lab;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// What a lab leaves on the host while it runs — its namespaces, the processes in them (Postfix's daemons, named),
/// processes started with its configuration (MAIL_CONFIG under its work directory), its /etc/netns entries, mounts
/// under its work directory, the directory itself — taken at its start and checked gone after its disposal.
/// </summary>
internal sealed class LabTraces
{
    private string _prefix = "";
    private string _workDirectory = "";
    private HashSet<string> _namespaces = [];

    public async Task TakeAsync(LabNetwork lab)
    {
        (_prefix, _workDirectory) = (lab.Prefix, lab.WorkDirectory);
        foreach (var machine in (string[])[.. LabNode.All, LabNetwork.BridgeMachine])
        {
            _namespaces.Add((await lab.ExecAsync(machine, ["readlink", "/proc/self/ns/net"])).StandardOutput.Trim());
        }
    }

    public async Task AssertGoneAsync()
    {
        Assert.NotEqual("", _prefix);
        var list = await LabCommand.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(_prefix, list.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(HostProcesses.In(_namespaces));
        Assert.Empty(HostProcesses.WithEnvironmentContaining("MAIL_CONFIG=" + _workDirectory));
        Assert.False(Directory.Exists(_workDirectory), $"{_workDirectory} still there");
        Assert.Empty(Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns", _prefix + "-*") : []);
        Assert.DoesNotContain(_prefix, await File.ReadAllTextAsync("/proc/mounts"), StringComparison.Ordinal);
    }
}
