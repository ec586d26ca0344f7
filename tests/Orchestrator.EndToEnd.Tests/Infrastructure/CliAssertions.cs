namespace Orchestrator.EndToEnd.Tests.Infrastructure;

public static class CliAssertions
{
    /// <summary>The one error message of a failed command (log events aside): it names what it must name.</summary>
    public static string ShouldPrintOneError(this ProcessResult result, params string[] mentions)
    {
        var messages = result.MessageLines;
        Assert.True(messages.Count == 1, $"expected exactly one error line on stderr, got {messages.Count}; {result}");
        foreach (var text in mentions)
        {
            Assert.True(messages[0].Contains(text, StringComparison.Ordinal), $"the error should mention '{text}'; {result}");
        }

        Assert.True(result.StdOut.Trim().Length == 0, $"a failed command should print nothing on stdout; {result}");
        return messages[0];
    }

    /// <summary>Died by SIGKILL (the crash hook), not by any of the CLI's own exit codes.</summary>
    public static void ShouldHaveBeenKilled(this ProcessResult result) =>
        Assert.True(!result.TimedOut && result.ExitCode == OrchestratorProcess.KilledBySigKill,
            $"expected the process to kill itself (exit {OrchestratorProcess.KilledBySigKill}); {result}");
}
