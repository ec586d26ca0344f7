using Orchestrator.Workflows.Administration;

namespace Orchestrator.Cli.Output;

/// <summary>The plain lines an administration command prints once its procedure is recorded: the procedure, its steps, the overrides.</summary>
public static class AdminStartedText
{
    public static string Describe(AdminStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        var lines = new List<string> { $"procedure #{started.Id}: {started.Kind} of {TerminalText.Plain(started.Hierarchy)} on {TerminalText.Plain(started.Node)}, {started.Steps} steps" };
        lines.AddRange(started.Plan.Select((step, i) => $"  {i + 1}. {TerminalText.Plain(step)}"));
        lines.AddRange(started.Overridden.Select(w => $"  forced (--force, audited): {TerminalText.Plain(w)}"));
        return string.Join(System.Environment.NewLine, lines);
    }
}
