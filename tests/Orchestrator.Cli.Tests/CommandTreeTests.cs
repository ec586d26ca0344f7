using System.CommandLine;
using Orchestrator.Cli.Infrastructure;

namespace Orchestrator.Cli.Tests;

public sealed class CommandTreeTests
{
    private static readonly RootCommand Root = CliApplication.Build();

    [Theory]
    [InlineData("demo")]
    [InlineData("cluster validate a.yaml")]
    [InlineData("cluster apply a.yaml")]
    [InlineData("cluster runners --json")]
    [InlineData("status --json")]
    [InlineData("switchover exch1 --to node2 --wait")]
    [InlineData("procedures list --json")]
    [InlineData("procedures show 1")]
    [InlineData("procedures retry 1 --wait")]
    [InlineData("procedures cancel 1")]
    [InlineData("procedures wait 1")]
    [InlineData("audit list --hierarchy exch1 --json")]
    [InlineData("audit verify")]
    [InlineData("audit verify --head 42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("audit head --json")]
    [InlineData("world show --json")]
    [InlineData("world fail-node node1")]
    [InlineData("world restore-node node1")]
    [InlineData("world fail-next VolumeMount --target E --count 2")]
    [InlineData("serve")]
    [InlineData("serve --migrate --no-dashboard")]
    [InlineData("agent --node node1 --listen 127.0.0.1:7070 --listen 127.0.0.2:7070 --token-file t --certificate c.pfx")]
    [InlineData("db migrate --json")]
    [InlineData("--store postgres --connection Host=db1 db check")]
    [InlineData("status --store sqlite")]
    [InlineData("--data-dir /tmp/x --log-json --actor anna status")]
    public void EveryDocumentedCommand_Parses(string line)
    {
        var result = Root.Parse(line);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("switchover exch1")] // --to is required
    [InlineData("procedures show abc")]
    [InlineData("agent --listen 127.0.0.1:7070")] // --node is required
    [InlineData("world fail-next NoSuchKind")]
    [InlineData("no-such-command")]
    public async Task AMalformedCommandLine_ExitsWithBadInput(string line)
    {
        Assert.NotEmpty(Root.Parse(line).Errors);
        Assert.Equal(ExitCodes.BadInput, await CliApplication.RunAsync(line.Split(' ')));
    }

    [Fact]
    public void TheDataDirectory_ComesFromTheOption_ThenOrchestratorHome_ThenTheWorkingDirectory()
    {
        Assert.Equal(Path.GetFullPath("/tmp/given"), GlobalOptions.ResolveDataDir(Root.Parse("--data-dir /tmp/given status")));
        var home = System.Environment.GetEnvironmentVariable("ORCHESTRATOR_HOME");
        var expected = home is null ? Path.Combine(Directory.GetCurrentDirectory(), ".orchestrator") : Path.GetFullPath(home);
        Assert.Equal(expected, GlobalOptions.ResolveDataDir(Root.Parse("status")));
    }
}
