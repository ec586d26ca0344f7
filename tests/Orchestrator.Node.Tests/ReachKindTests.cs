using Orchestrator.Node.Kinds;

namespace Orchestrator.Node.Tests;

/// <summary>
/// The reach probe: an address answers from this node (0) or not (7); a probe has no effect (start and stop are
/// unimplemented). Against a lab address from inside a node's namespace: <see cref="LabKindTests"/>.
/// </summary>
public sealed class ReachKindTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Loopback_AnswersFromHere()
    {
        var answer = await new ReachKind(new NodeKindOptions { NodeName = "node2" }).RunAsync(Reach("127.0.0.1/8"), ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal((OcfExit.Success, "127.0.0.1 answers ping from node2"), (answer.Exit, answer.Message));
    }

    [SkippableFact]
    public async Task AnUnusedLabAddress_DoesNotAnswer_AndIsNotRunningNotAnError()
    {
        // In a network namespace of its own (nothing leaves it): 198.18.0.0/15 is used only inside the lab's namespaces.
        Skip.IfNot(Environment.UserName == "root", "needs root to probe from a network namespace of its own (unshare -n)");
        var kind = new ReachKind(new NodeKindOptions { NodeName = "node2", CommandPrefix = ["unshare", "-n"] });

        var answer = await kind.RunAsync(Reach("198.18.203.77"), ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal(OcfExit.NotRunning, answer.Exit);
        Assert.StartsWith("198.18.203.77 does not answer ping from node2", answer.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", OcfExit.NotConfigured)]
    [InlineData("mail.example", OcfExit.InvalidArgument)]
    public async Task AnAddressThatIsNotAnIp_IsRefusedBeforeAnyCommand(string address, OcfExit expected)
    {
        var kind = new ReachKind(new NodeKindOptions { CommandPrefix = ["false"] });

        var answer = await kind.RunAsync(Reach(address), ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal(expected, answer.Exit);
        Assert.Contains("'address'", answer.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResourceVerb.Start)]
    [InlineData(ResourceVerb.Stop)]
    public async Task AProbe_HasNoEffect(ResourceVerb verb)
    {
        var kind = new ReachKind(new NodeKindOptions { CommandPrefix = ["false"] });

        Assert.Equal(OcfExit.Unimplemented, (await kind.RunAsync(Reach("127.0.0.1"), verb, Timeout, CancellationToken.None)).Exit);
    }

    private static ResourceSpec Reach(string address) =>
        new("reach", "mail-ip", new Dictionary<string, string> { ["address"] = address });
}
