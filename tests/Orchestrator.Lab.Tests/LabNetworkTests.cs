using System.Diagnostics;
using System.Net;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Lab.Tests;

/// <summary>
/// Issue 14's lab network: five machines' namespaces on one bridge, reachable from each other and from nothing else —
/// no route out of the lab from any of them.
/// </summary>
public sealed class LabNetworkTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Node1_ReachesNode2AndTheDnsMachine_ByPingOverTheBridge()
    {
        Skip.If(LabNetwork.MissingReason is not null, LabNetwork.MissingReason);
        Skip.If(LabTests.MissingPing is not null, LabTests.MissingPing);
        await using var lab = await LabNetwork.CreateAsync();
        try
        {
            foreach (var target in new[] { LabNode.Node2, LabNode.Dns })
            {
                var ping = await lab.ExecAsync(LabNode.Node1, ["ping", "-c", "1", "-W", "2", lab.Address(target).ToString()]);
                Assert.True(ping.ExitCode == 0, $"node1 → {target} ({lab.Address(target)}): {ping.Output}");
                Assert.Contains("1 received", ping.StandardOutput, StringComparison.Ordinal);
            }

            // Over the bridge: node1's one interface, the lab's /24, is the route to node2.
            var route = await lab.ExecAsync(LabNode.Node1, ["ip", "route", "get", lab.Address(LabNode.Node2).ToString()]);
            Assert.Contains($"dev {LabNetwork.Interface}", route.StandardOutput, StringComparison.Ordinal);
            var ports = await lab.ExecAsync(LabNetwork.BridgeMachine, ["ip", "-o", "link", "show", "master", "lab"]);
            Assert.All(LabNode.All, node => Assert.Contains($": {node}@", ports.StandardOutput, StringComparison.Ordinal));
            output.WriteLine($"lab {lab.Prefix} ({lab.Subnet}) set up in {lab.SetupTime.TotalMilliseconds:0} ms");
        }
        finally
        {
            output.WriteLine(lab.Transcript);
        }
    }

    [SkippableFact]
    public async Task TheClient_HasNoRouteOutOfTheLab_AndNoMachineHasADefaultRoute()
    {
        Skip.If(LabNetwork.MissingReason is not null, LabNetwork.MissingReason);
        Skip.If(LabTests.MissingPing is not null, LabTests.MissingPing);
        await using var lab = await LabNetwork.CreateAsync();
        try
        {
            foreach (var outside in new[] { "8.8.8.8", "192.0.2.1" })
            {
                var ping = await lab.ExecAsync(LabNode.Client, ["ping", "-c", "1", "-W", "1", outside]);
                Assert.NotEqual(0, ping.ExitCode);
                Assert.Contains("Network is unreachable", ping.Output, StringComparison.Ordinal);
            }

            foreach (var machine in (string[])[.. LabNode.All, LabNetwork.BridgeMachine])
            {
                var routes = await lab.ExecAsync(machine, ["ip", "route", "show", "default"]);
                Assert.True(routes.ExitCode == 0 && routes.StandardOutput.Trim().Length == 0, $"{machine}: default route '{routes.Output.Trim()}'");
            }
        }
        finally
        {
            output.WriteLine(lab.Transcript);
        }
    }

    [SkippableFact]
    public async Task ACommandPastItsTimeLimit_IsKilled_AndSaysSo()
    {
        Skip.If(LabNetwork.MissingReason is not null, LabNetwork.MissingReason);
        await using var lab = await LabNetwork.CreateAsync();
        var node3 = (await lab.ExecAsync(LabNode.Node3, ["readlink", "/proc/self/ns/net"])).StandardOutput.Trim();
        var clock = Stopwatch.StartNew();

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => lab.ExecAsync(LabNode.Node3, ["sleep", "30"], TimeSpan.FromMilliseconds(300)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"returned after {clock.Elapsed}");
        Assert.Contains("sleep 30", timeout.Message, StringComparison.Ordinal);
        Assert.Empty(HostProcesses.In(new HashSet<string> { node3 }));
        Assert.Contains("did not finish", lab.Transcript, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TwoLabsAtOnce_HaveTheirOwnPrefixAndSubnet_AndCannotReachEachOther()
    {
        Skip.If(LabNetwork.MissingReason is not null, LabNetwork.MissingReason);
        Skip.If(LabTests.MissingPing is not null, LabTests.MissingPing);
        await using var first = await LabNetwork.CreateAsync();
        await using var second = await LabNetwork.CreateAsync();

        Assert.NotEqual(first.Prefix, second.Prefix);
        Assert.NotEqual(first.Subnet, second.Subnet);
        Assert.True(IPNetwork.Parse("198.18.0.0/15").Contains(second.Address(LabNode.Client)));
        var across = await first.ExecAsync(LabNode.Node1, ["ping", "-c", "1", "-W", "1", second.Address(LabNode.Node1).ToString()]);
        Assert.NotEqual(0, across.ExitCode);
    }
}
