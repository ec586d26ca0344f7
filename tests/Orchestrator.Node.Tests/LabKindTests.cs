using System.Net;
using Orchestrator.Node.Kinds;
using Orchestrator.Testing.Lab;
using Xunit.Abstractions;

namespace Orchestrator.Node.Tests;

/// <summary>
/// The ip and dns kinds against the real thing, in a lab of network namespaces (root and ip netns; skipped otherwise):
/// the kinds run node1's commands through <c>ip netns exec</c> (their command prefix), another node checks the result.
/// </summary>
public sealed class LabKindTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task TheIpKind_AddsTheAddressOnNode1_IdempotentlyReachableFromNode2_AndRemovesIt()
    {
        Skip.If(LabNetwork.MissingReason is not null, LabNetwork.MissingReason);
        await using var lab = await LabNetwork.CreateAsync();
        try
        {
            var kind = new IpKind(new NodeKindOptions { CommandPrefix = ["ip", "netns", "exec", lab.Namespace(LabNode.Node1)] });
            var address = Host(lab, 50);
            var resource = new ResourceSpec("ip", "mail-ip", new Dictionary<string, string> { ["address"] = $"{address}/24", ["interface"] = LabNetwork.Interface });

            Assert.Equal(OcfExit.NotRunning, (await kind.RunAsync(resource, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
            var start = await kind.RunAsync(resource, ResourceVerb.Start, Timeout, CancellationToken.None);
            output.WriteLine(start.Message);
            Assert.Equal($"{address}/24 added on {LabNetwork.Interface}, gratuitous ARP sent", start.Message);
            Assert.Equal($"{address}/24 already on {LabNetwork.Interface}", (await kind.RunAsync(resource, ResourceVerb.Start, Timeout, CancellationToken.None)).Message);
            Assert.Equal(OcfExit.Success, (await kind.RunAsync(resource, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
            var shown = await lab.ExecAsync(LabNode.Node1, ["ip", "-o", "addr", "show", "dev", LabNetwork.Interface]);
            Assert.Single(shown.StandardOutput.Split('\n'), l => l.Contains($" {address}/24 ", StringComparison.Ordinal));
            // The reach probe from node2 (what the orchestrator asks another node's agent): by ICMP, and by ARP on the lab's interface.
            var reach = new ReachKind(new NodeKindOptions { NodeName = "node2", CommandPrefix = ["ip", "netns", "exec", lab.Namespace(LabNode.Node2)] });
            var probe = new ResourceSpec("reach", "mail-ip", new Dictionary<string, string> { ["address"] = $"{address}/24" });
            var arp = probe with { Parameters = new Dictionary<string, string>(probe.Parameters) { ["interface"] = LabNetwork.Interface } };
            var answered = await reach.RunAsync(probe, ResourceVerb.Monitor, Timeout, CancellationToken.None);
            Assert.True(answered.Exit == OcfExit.Success, answered.Message);
            Assert.Equal(OcfExit.Success, (await reach.RunAsync(arp, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);

            Assert.True((await kind.RunAsync(resource, ResourceVerb.Stop, Timeout, CancellationToken.None)).Succeeded);
            Assert.Equal($"{address}/24 already off {LabNetwork.Interface}", (await kind.RunAsync(resource, ResourceVerb.Stop, Timeout, CancellationToken.None)).Message);
            Assert.Equal(OcfExit.NotRunning, (await kind.RunAsync(resource, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
            Assert.Equal(OcfExit.NotRunning, (await reach.RunAsync(probe, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
            Assert.Equal(OcfExit.NotRunning, (await reach.RunAsync(arp, ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);

            var noSuchInterface = resource with { Parameters = new Dictionary<string, string> { ["address"] = $"{address}/24", ["interface"] = "eth9" } };
            var error = await kind.RunAsync(noSuchInterface, ResourceVerb.Monitor, Timeout, CancellationToken.None);
            Assert.Equal(OcfExit.GenericError, error.Exit);
            Assert.Contains("ip -o addr show dev eth9 failed", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(lab.Transcript);
        }
    }

    [SkippableFact]
    public async Task TheDnsKind_MovesTheMailNameToNode2WithTsig_Idempotently_AndNeverShowsTheSecret()
    {
        Skip.If(LabDns.MissingReason is not null, LabDns.MissingReason);
        await using var lab = await LabNetwork.CreateAsync();
        try
        {
            await using var dns = await LabDns.StartAsync(lab);
            var kind = new DnsKind(new NodeKindOptions { CommandPrefix = ["ip", "netns", "exec", lab.Namespace(LabNode.Node2)] });
            var node2 = lab.Address(LabNode.Node2).ToString();
            ResourceSpec Record(string keyFile) => new("dns", "mail-dns", new Dictionary<string, string>
            {
                ["server"] = dns.Address.ToString(), ["zone"] = LabDns.Zone, ["name"] = LabDns.MailName, ["type"] = "A",
                ["address"] = node2, ["ttl"] = "5", ["key-file"] = keyFile,
            });
            var record = Record(dns.KeyFile);
            var secret = Secret(await File.ReadAllTextAsync(dns.KeyFile));
            var messages = new List<string>();
            async Task<ResourceResult> Run(ResourceSpec r, ResourceVerb verb)
            {
                var result = await kind.RunAsync(r, verb, Timeout, CancellationToken.None);
                messages.Add(result.Message);
                return result;
            }

            var before = await Run(record, ResourceVerb.Monitor);
            Assert.Equal(OcfExit.NotRunning, before.Exit);
            Assert.Contains($"is {lab.Address(LabNode.Node1)}, not {node2}", before.Message, StringComparison.Ordinal);

            var foreign = await Run(Record(await dns.CreateForeignKeyAsync()), ResourceVerb.Start);
            Assert.Equal(OcfExit.GenericError, foreign.Exit);
            Assert.Equal([lab.Address(LabNode.Node1)], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));

            Assert.Equal($"{LabDns.MailName}. A set to {node2} on {dns.Address}", (await Run(record, ResourceVerb.Start)).Message);
            Assert.Equal([IPAddress.Parse(node2)], await dns.ResolveAsync(LabNode.Client, LabDns.MailName));
            Assert.Equal($"{LabDns.MailName}. A already {node2}", (await Run(record, ResourceVerb.Start)).Message);
            Assert.Equal(OcfExit.Success, (await Run(record, ResourceVerb.Monitor)).Exit);
            Assert.True((await Run(record, ResourceVerb.Stop)).Succeeded);

            var unreachable = record with { Parameters = new Dictionary<string, string>(record.Parameters) { ["server"] = lab.Address(LabNode.Node3).ToString() } };
            Assert.Equal(OcfExit.GenericError, (await Run(unreachable, ResourceVerb.Monitor)).Exit);

            output.WriteLine(string.Join('\n', messages));
            Assert.All(messages, m => Assert.DoesNotContain(secret, m, StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(lab.Transcript);
        }
    }

    private static IPAddress Host(LabNetwork lab, byte host)
    {
        var bytes = lab.Address(LabNode.Node1).GetAddressBytes();
        bytes[3] = host;
        return new IPAddress(bytes);
    }

    private static string Secret(string keyFile)
    {
        var at = keyFile.IndexOf("secret \"", StringComparison.Ordinal) + 8;
        return keyFile[at..keyFile.IndexOf('"', at)];
    }
}
