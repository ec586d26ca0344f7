using System.Diagnostics;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// Issue 14's lab leaves nothing behind: after a failed test, its disposal kills what ran in its namespaces (named
/// among them) and deletes them with their links; a lab whose test process was killed is torn down by the next lab.
/// </summary>
public sealed class LabTeardownTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task AfterAFailedTest_NoNamespaceLinkProcessOrNamedOfTheLabRemains()
    {
        Skip.If(LabDns.MissingReason is not null, LabDns.MissingReason);
        string prefix = "", workDirectory = "", config = "";
        var named = 0;
        IReadOnlyList<string> namespaces = [];
        LabNetwork? disposed = null;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var lab = await LabNetwork.CreateAsync();
            disposed = lab;
            (prefix, workDirectory) = (lab.Prefix, lab.WorkDirectory);
            var dns = await LabDns.StartAsync(lab); // not disposed: the lab's teardown kills it
            (named, config) = (dns.ProcessId, dns.ConfigFile);
            var sleeper = lab.Start(LabNode.Node2, ["sleep", "300"]);
            namespaces = await IdentitiesAsync(lab);
            var inside = HostProcesses.In(namespaces.ToHashSet());
            Assert.Contains(named, inside);
            Assert.Contains(sleeper.Id, inside);
            throw new InvalidOperationException("a test failing with its lab up");
        });

        Assert.Equal("a test failing with its lab up", failure.Message);
        output.WriteLine($"lab {prefix}: set up in {disposed!.SetupTime.TotalMilliseconds:0} ms, torn down in {disposed.TeardownTime.TotalMilliseconds:0} ms");
        Assert.Empty(await NamespacesOfAsync(prefix));
        Assert.Empty(HostProcesses.In(namespaces.ToHashSet()));
        Assert.False(HostProcesses.IsRunning(named), $"named (pid {named}) still runs");
        Assert.Empty(HostProcesses.WithCommandLineContaining(config));
        Assert.False(Directory.Exists(workDirectory));
        var hostLinks = await LabCommand.RunAsync("ip", ["-o", "link", "show"], TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(prefix, hostLinks.StandardOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ALabWhoseTestProcessDied_IsTornDownByTheNextLab()
    {
        Skip.If(LabNetwork.MissingReason is not null, LabNetwork.MissingReason);
        using var owner = Process.Start("sleep", "60");
        var stale = await LabNetwork.CreateAsync(LabOwner.Of(owner.Id)!.Value, CancellationToken.None);
        try
        {
            var left = stale.Start(LabNode.Node1, ["sleep", "300"]);
            var namespaces = (await IdentitiesAsync(stale)).ToHashSet();
            Assert.Contains(left.Id, HostProcesses.In(namespaces));
            owner.Kill();
            await owner.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));

            await using var next = await LabNetwork.CreateAsync();

            Assert.Empty(await NamespacesOfAsync(stale.Prefix));
            Assert.Empty(HostProcesses.In(namespaces));
            Assert.False(Directory.Exists(stale.WorkDirectory));
            Assert.NotEmpty(await NamespacesOfAsync(next.Prefix));
        }
        finally
        {
            await stale.DisposeAsync();
        }
    }

    /// <summary>The identities of the lab's namespaces (every machine's and the bridge's), as /proc/PID/ns/net names them.</summary>
    private static async Task<IReadOnlyList<string>> IdentitiesAsync(LabNetwork lab)
    {
        var identities = new List<string>();
        foreach (var machine in (string[])[.. LabNode.All, LabNetwork.BridgeMachine])
        {
            identities.Add((await lab.ExecAsync(machine, ["readlink", "/proc/self/ns/net"])).StandardOutput.Trim());
        }

        Assert.Equal(6, identities.Distinct().Count());
        return identities;
    }

    private static async Task<IReadOnlyList<string>> NamespacesOfAsync(string prefix)
    {
        var list = await LabCommand.RunAsync("ip", ["netns", "list"], TimeSpan.FromSeconds(10));
        return list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith(prefix + "-", StringComparison.Ordinal)).ToList();
    }
}
