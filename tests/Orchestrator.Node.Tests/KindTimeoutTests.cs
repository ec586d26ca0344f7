using Orchestrator.Testing;
using System.Diagnostics;
using Orchestrator.Node.Kinds;
using Orchestrator.Node.Tests.Support;

namespace Orchestrator.Node.Tests;

/// <summary>
/// Every kind that runs commands answers a generic error, in time, when its command hangs: the command prefix is made a
/// program that never ends (as a stuck <c>ip</c>, <c>dig</c> or <c>mount</c> would), the action's timeout kills it.
/// </summary>
public sealed class KindTimeoutTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public static TheoryData<string, ResourceVerb> Actions => new()
    {
        { "ip", ResourceVerb.Start },
        { "ip", ResourceVerb.Monitor },
        { "dns", ResourceVerb.Start },
        { "dns", ResourceVerb.Monitor },
        { "volume", ResourceVerb.Start },
        { "volume", ResourceVerb.Monitor },
        { "fence", ResourceVerb.Start },
        { "service", ResourceVerb.Start },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task AHangingCommand_IsKilledAtTheTimeout_AndTheActionIsAGenericError(string kind, ResourceVerb verb)
    {
        var kinds = NodeResourceKinds.Create(new NodeKindOptions { CommandPrefix = ["sh", "-c", "sleep 30", "hang"] });
        var parameters = kind switch
        {
            "ip" => new Dictionary<string, string> { ["address"] = "198.18.7.50/24", ["interface"] = "lab0" },
            "dns" => new Dictionary<string, string>
            {
                ["server"] = "198.18.7.53", ["zone"] = "lab.test", ["name"] = "mail.lab.test", ["address"] = "198.18.7.2", ["key-file"] = _dir.File("key"),
            },
            "volume" => new Dictionary<string, string> { ["device"] = "/dev/null", ["mountpoint"] = _dir.File("mnt") },
            "fence" => new Dictionary<string, string> { ["script"] = "/bin/true", ["node"] = "node1" },
            _ => new Dictionary<string, string> { ["command"] = "sleep", ["args"] = "305", ["pidfile"] = _dir.File("svc.pid") },
        };

        var clock = Stopwatch.StartNew();
        var answer = await kinds.RunAsync(new ResourceSpec(kind, "r", parameters), verb, TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.Equal(OcfExit.GenericError, answer.Exit);
        Assert.Contains("timed out (killed)", answer.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    public void Dispose() => _dir.Dispose();
}
