using System.Globalization;
using Orchestrator.Workflows.RollingUpdate;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>A rolling update as a table per node and, once it ended, a report with its audit rows (like Cluster-Aware Updating's).</summary>
public static class UpdateReport
{
    public static void Write(RollingUpdateView v)
    {
        AnsiConsole.MarkupLine(TerminalText.Markup(
            $"rolling update #{v.Id} of {v.Hierarchy} to {v.Package}: {v.State}, {v.StepsDone}/{v.Steps} steps" +
            (v.SwitchbackAt is { } at ? $", switchback at {at:u}" : "") +
            (v.Current is { } c && v.IsActive ? $"; now: {c}" : "") +
            (v.WaitingFor is { } w && v.IsActive ? $" (waiting for {w})" : "") +
            (v.LastError is { } e && v.State != "Completed" ? $"; {e}" : "")));
        var table = new Table();
        table.AddColumns("node", "state", "version before", "version now", "started (UTC)", "finished (UTC)", "duration", "next");
        foreach (var n in v.Nodes)
        {
            table.AddRow(TerminalText.Markup(n.Node), n.State == "failed" ? "[red]failed[/]" : n.State, TerminalText.Markup(n.VersionBefore ?? "-"), TerminalText.Markup(n.VersionNow),
                n.StartedAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "-", n.FinishedAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "-", n.DurationSeconds is { } d ? $"{d:0.0} s" : "-", TerminalText.Markup(n.Next ?? "-"));
        }

        AnsiConsole.Write(table);
        if (v.IsActive)
        {
            return;
        }

        var audit = new Table().Title($"report: the audit rows of rolling update #{v.Id}");
        audit.AddColumns("#", "time (UTC)", "from → to", "actor", "reason");
        foreach (var r in v.Audit)
        {
            audit.AddRow(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                TerminalText.Markup($"{r.FromState ?? "-"} → {r.ToState ?? "-"}"), TerminalText.Markup(r.Actor), TerminalText.Markup(r.Reason));
        }

        AnsiConsole.Write(audit);
    }
}
