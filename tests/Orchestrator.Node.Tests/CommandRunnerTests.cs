using Orchestrator.Testing;
using Orchestrator.Node.Commands;
using Orchestrator.Node.Tests.Support;

namespace Orchestrator.Node.Tests;

/// <summary>External commands: an argument list, bounded in time (the whole process group killed) and in output.</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    [Fact]
    public async Task ACommandPastItsTimeout_IsKilledWithItsWholeProcessGroup_EvenAnOrphanedBackgroundChild()
    {
        // The subshell exits at once: its sleep is orphaned (no longer in the script's process tree), only in its group.
        var childPid = _dir.File("child.pid");
        var script = _dir.Script("hang", $"(sleep 60 & echo $! > {childPid})\nsleep 60");

        var result = await new CommandRunner().RunAsync(new ExternalCommand(script, []), TimeSpan.FromMilliseconds(700), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal("timed out (killed)", result.Describe());
        var child = Processes.ReadPid(childPid);
        Assert.True(await Processes.GoneAsync(child, TimeSpan.FromSeconds(3)), $"the background sleep {child} outlived the timeout");
    }

    [Fact]
    public async Task Output_IsKeptUpToTheLimit_AndAChattyProgramStillEnds()
    {
        var script = _dir.Script("chatty", "head -c 1000000 /dev/zero | tr '\\0' a\necho done >&2");

        var result = await new CommandRunner().RunAsync(new ExternalCommand(script, []), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(CommandRunner.OutputLimit, result.StandardOutput.Length);
        Assert.Equal("done", result.OneLine());
    }

    [Fact]
    public async Task ArgumentsAreNeverReadByAShell_InputAndEnvironmentArePassed()
    {
        var command = new ExternalCommand("sh", ["-c", "read line; printf '%s|%s|%s' \"$line\" \"$1\" \"$GREETING\"", "sh", "a b; rm -rf /tmp/x $(id)"])
        {
            Input = "from stdin\n",
            Environment = new Dictionary<string, string> { ["GREETING"] = "hello" },
        };

        var result = await new CommandRunner().RunAsync(command, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("from stdin|a b; rm -rf /tmp/x $(id)|hello", result.StandardOutput);
    }

    [Fact]
    public async Task APrefix_GoesBeforeEveryCommand()
    {
        var runner = new CommandRunner(["env", "WHERE=inside"]);

        var result = await runner.RunAsync(new ExternalCommand("sh", ["-c", "echo $WHERE"]), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("inside\n", result.StandardOutput);
    }

    [Fact]
    public async Task AMissingProgram_IsNotStarted_WithTheReason()
    {
        var result = await new CommandRunner().RunAsync(new ExternalCommand("no-such-program-here", []), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Null(result.ExitCode);
        Assert.Equal("no-such-program-here not found", result.NotStarted);
        Assert.False(result.Succeeded);
    }

    public void Dispose() => _dir.Dispose();
}
