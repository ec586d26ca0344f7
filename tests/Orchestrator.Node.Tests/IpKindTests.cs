using Orchestrator.Node.Kinds;

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
}
