using Orchestrator.Testing;
using Orchestrator.Node.Kinds;
using Orchestrator.Node.Tests.Support;

namespace Orchestrator.Node.Tests;

/// <summary>The fence kind: <c>script NODE</c>, exit 0 = fenced; anything else, or a timeout, is not.</summary>
public sealed class FenceKindTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ScratchDirectory _dir = new();

    [Fact]
    public async Task Start_RunsTheScriptWithTheNode_AndExitZeroMeansFenced()
    {
        var script = _dir.Script("fence-lab", $"echo \"$@\" >> {_dir.File("fenced")}\nexit 0");
        var kind = new FenceKind(new NodeKindOptions());

        var answer = await kind.RunAsync(Fence(script, "node1"), ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal((OcfExit.Success, $"node node1 fenced by {script}"), (answer.Exit, answer.Message));
        Assert.Equal(["node1"], await File.ReadAllLinesAsync(_dir.File("fenced")));
        Assert.Equal(OcfExit.Success, (await kind.RunAsync(Fence(script, "node1"), ResourceVerb.Monitor, Timeout, CancellationToken.None)).Exit);
        Assert.True((await kind.RunAsync(Fence(script, "node1"), ResourceVerb.Stop, Timeout, CancellationToken.None)).Succeeded);
        Assert.Single(await File.ReadAllLinesAsync(_dir.File("fenced")));
    }

    [Fact]
    public async Task AFailingOrHangingScript_IsNotFenced_AndAMissingOneIsNotInstalled()
    {
        var kind = new FenceKind(new NodeKindOptions());
        var failing = _dir.Script("fence-fails", "echo 'node1: power switch unreachable' >&2\nexit 1");
        var hanging = _dir.Script("fence-hangs", "sleep 30");

        var failed = await kind.RunAsync(Fence(failing, "node1"), ResourceVerb.Start, Timeout, CancellationToken.None);
        var hung = await kind.RunAsync(Fence(hanging, "node1"), ResourceVerb.Start, TimeSpan.FromMilliseconds(400), CancellationToken.None);
        var missing = await kind.RunAsync(Fence(_dir.File("absent"), "node1"), ResourceVerb.Monitor, Timeout, CancellationToken.None);

        Assert.Equal((OcfExit.GenericError, $"node node1 NOT fenced: {failing} exit 1: node1: power switch unreachable"), (failed.Exit, failed.Message));
        Assert.Equal((OcfExit.GenericError, $"node node1 NOT fenced: {hanging} timed out (killed)"), (hung.Exit, hung.Message));
        Assert.Equal(OcfExit.NotInstalled, missing.Exit);
    }

    [Fact]
    public async Task TheRegistry_HasTheSevenKinds_AndAnUnknownKindIsNotInstalled()
    {
        var kinds = NodeResourceKinds.Create(new NodeKindOptions());

        var unknown = await kinds.RunAsync(new ResourceSpec("exchange", "x", new Dictionary<string, string>()), ResourceVerb.Start, Timeout, CancellationToken.None);

        Assert.Equal(["dns", "fence", "ip", "reach", "script", "service", "volume"], kinds.Names);
        Assert.All(kinds.Names, n => Assert.Equal(n, kinds.Find(n)!.Kind));
        Assert.Equal((OcfExit.NotInstalled, "no resource kind 'exchange' on this node (kinds: dns, fence, ip, reach, script, service, volume)"), (unknown.Exit, unknown.Message));
    }

    private static ResourceSpec Fence(string script, string node) =>
        new("fence", "fence-" + node, new Dictionary<string, string> { ["script"] = script, ["node"] = node });

    public void Dispose() => _dir.Dispose();
}
