using Orchestrator.Workflows.Administration;

namespace Orchestrator.Cli.Output;

/// <summary>
/// The plain answer to a command that started an administration procedure: its number, what it does to which hierarchy, its
/// steps in order, then (like any started procedure) who carries it out.
/// </summary>
public static class AdminStartedText
{
    public static string Describe(AdminStarted started, string what)
    {
        ArgumentNullException.ThrowIfNull(started);
        var lines = new List<string> { $"procedure #{started.Id}: {what} ({started.Kind} of {started.Hierarchy}), {started.Steps} steps:" };
        lines.AddRange(started.Plan.Select((step, i) => $"  {i + 1}. {step}"));
        return string.Join(System.Environment.NewLine, lines);
    }
}
