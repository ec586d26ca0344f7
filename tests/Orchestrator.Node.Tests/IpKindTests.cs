using Orchestrator.Node.Kinds;
using Orchestrator.Testing;

namespace Orchestrator.Node.Tests;

/// <summary>The ip kind's parameters, checked before any command runs (its real work: <see cref="LabKindTests"/>).</summary>
public sealed class IpKindTests
{
    [Theory]
    [InlineData("198.18.7.50", OcfExit.InvalidArgument)]
    [InlineData("198.18.7.500/24", OcfExit.InvalidArgument)]
    [InlineData("mail/24", OcfExit.InvalidArgument)]
    [InlineData("", OcfExit.NotConfigured)]
    public async Task AnAddressThatIsNotCidr_IsRefusedBeforeAnyCommand(string address, OcfExit expected)
    {
        // A prefix that cannot run: a refused resource must not reach it.
        var kind = new IpKind(new NodeKindOptions { CommandPrefix = ["false"] });

        var answer = await kind.RunAsync(
            new ResourceSpec("ip", "mail-ip", new Dictionary<string, string> { ["address"] = address, ["interface"] = "lab0" }), ResourceVerb.Start, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(expected, answer.Exit);
        Assert.Contains("'address'", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingInterface_IsNamed()
    {
        var answer = await new IpKind(new NodeKindOptions()).RunAsync(
            new ResourceSpec("ip", "mail-ip", new Dictionary<string, string> { ["address"] = "198.18.7.50/24" }), ResourceVerb.Monitor, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal((OcfExit.NotConfigured, "ip resource mail-ip: parameter 'interface' is missing: add it"), (answer.Exit, answer.Message));
    }

    [SkippableFact]
    public async Task TheGratuitousArp_IsSentWithoutWaitingForAReply()
    {
        // Debian's arping (Habets') waits a second for the reply an unsolicited ARP never gets, unless told -w 0: that
        // second is added to every move of the address (the lab's switchover measured it). Every command is recorded, not run.
        Skip.If(Commands.CommandRunner.Find("arping") is null, "arping not installed: the kind sends no gratuitous ARP without it");
        using var dir = new ScratchDirectory();
        var log = dir.File("commands");
        var kind = new IpKind(new NodeKindOptions { CommandPrefix = ["sh", "-c", "printf '%s\\n' \"$*\" >> \"$0\"", log] });

        var answer = await kind.RunAsync(
            new ResourceSpec("ip", "mail-ip", new Dictionary<string, string> { ["address"] = "198.18.7.50/24", ["interface"] = "lab0" }), ResourceVerb.Start, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(OcfExit.Success, answer.Exit);
        var arping = Assert.Single(await File.ReadAllLinesAsync(log), l => l.Split(' ')[0].EndsWith("arping", StringComparison.Ordinal));
        Assert.Equal("arping -U -c 1 -w 0 -I lab0 198.18.7.50", arping[(arping.LastIndexOf('/') + 1)..]);
    }
}
