using System.Globalization;
using Orchestrator.Engine.Views;
using Orchestrator.Storage.Audit;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>Human-readable tables (Spectre.Console).</summary>
public static class Tables
{
    public static void Status(StatusView status)
    {
        var table = new Table().Title($"cluster {TerminalText.Markup(status.Cluster)} (definition v{status.DefinitionVersion})");
        table.AddColumns("hierarchy", "in service on", "world shows", "nodes (priority, state, routing group)", "switchback", "active procedure", "replica lists");
        foreach (var h in status.Hierarchies)
        {
            var nodes = string.Join(", ", h.Nodes.Select(n => $"{n.Name} ({n.Priority}, {(n.Up ? "up" : n.Unknown is { } why ? $"unknown ({why})" : "DOWN")}{(n.RoutingGroup is { } rg ? $", {rg}" : "")})"));
            var world = h.InServiceOn.Count == 0 && h.InServiceUnknown is null ? "[red]nowhere[/]" : TerminalText.Markup(string.Join(", ", h.InServiceOn));
            if (h.InServiceUnknown is { } unknown)
                world += TerminalText.Markup($"{(h.InServiceOn.Count == 0 ? "" : "; ")}unknown ({unknown})");
            if (h.Resources is { Count: > 0 } resources)
                world += "\n" + string.Join("\n", resources.Select(TerminalText.Markup));
            var active = h.ActiveProcedureId is { } id ? $"#{id} {h.ActiveProcedureState}" : "-";
            table.AddRow(TerminalText.Markup(h.Name), TerminalText.Markup(h.PlacedOn ?? "(none)"), world, TerminalText.Markup(nodes), h.Switchback, TerminalText.Markup(active),
                TerminalText.Markup(h.ReplicaUpdate ?? "-"));
        }

        AnsiConsole.Write(table);
        var t = status.Settings;
        AnsiConsole.MarkupLine(TerminalText.Markup(
            $"settings: maxwait {t.MaxWaitSeconds} s, automatic failover {(t.AutomaticFailover ? "on" : "off")}, switchback {t.Switchback}, N+1 {(t.NPlusOne ? "yes" : "no")}, " +
            $"update replica list {(!t.UpdateReplicaListDeclared ? "missing (warning 28540 on every move)" : t.UpdateReplicaList ? $"on (batches of {t.ReplicaBatchSize}, {t.ReplicaParallelism} at once)" : "off")}, monitor every {t.MonitorIntervalSeconds} s (threshold {t.FailureThreshold}), " +
            $"failback stabilisation {t.FailbackStabilisationSeconds} s, failover block {t.FailoverBlockSeconds} s"));
        AnsiConsole.MarkupLine(TerminalText.Markup(
            $"public-folder owners: {(status.PublicFolderOwners.Count == 0 ? "(not declared)" : string.Join(", ", status.PublicFolderOwners))}"));
    }

    public static void Procedures(IReadOnlyList<ProcedureView> procedures)
    {
        var table = new Table();
        table.AddColumns("id", "kind", "hierarchy", "from", "to", "state", "steps", "requested by", "created (UTC)");
        foreach (var p in procedures)
        {
            table.AddRow($"#{p.Id}", TerminalText.Markup(p.Kind), TerminalText.Markup(p.Hierarchy), TerminalText.Markup(p.SourceNode ?? "-"), TerminalText.Markup(p.TargetNode ?? "-"),
                TerminalText.Markup(p.State), $"{p.StepsDone}/{p.Steps.Count}", TerminalText.Markup(p.RequestedBy), p.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    public static void Procedure(ProcedureView p)
    {
        AnsiConsole.MarkupLine($"[bold]#{p.Id} {TerminalText.Markup(p.Kind)}[/] of {TerminalText.Markup(p.Hierarchy)}: {TerminalText.Markup(p.SourceNode ?? "-")} -> {TerminalText.Markup(p.TargetNode ?? "-")}, state [bold]{TerminalText.Markup(p.State)}[/]");
        AnsiConsole.MarkupLine($"requested by {TerminalText.Markup(p.RequestedBy)}: {TerminalText.Markup(p.Reason)}");
        if (p.LastError is { } error)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {TerminalText.Markup(error)}");
        }

        foreach (var shortfall in p.Shortfalls)
        {
            AnsiConsole.MarkupLine($"[yellow]fell short:[/] {TerminalText.Markup(shortfall)}");
        }

        var table = new Table();
        table.AddColumns("#", "phase", "step", "status", "attempts", "last error");
        foreach (var s in p.Steps)
        {
            table.AddRow(s.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), TerminalText.Markup(s.Phase), TerminalText.Markup(s.Description), TerminalText.Markup(s.Status),
                s.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), TerminalText.Markup(s.LastError ?? ""));
        }

        AnsiConsole.Write(table);
    }

    public static void Audit(IReadOnlyList<AuditEntry> entries)
    {
        var table = new Table().Title("audit timeline");
        table.AddColumns("seq", "at (UTC)", "procedure", "hierarchy", "nodes", "transition", "actor", "reason");
        foreach (var e in entries)
        {
            var transition = e.FromState is null && e.ToState is null ? e.TriggerName : $"{e.FromState ?? "-"} -> {e.ToState ?? "-"} ({e.TriggerName})";
            table.AddRow(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                TerminalText.Markup(e.ProcedureId is { } id ? $"#{id} {e.Kind}" : e.Kind), TerminalText.Markup(e.Hierarchy ?? "-"), TerminalText.Markup(e.Nodes ?? "-"),
                TerminalText.Markup(transition), TerminalText.Markup(e.Actor), TerminalText.Markup(e.Reason));
        }

        AnsiConsole.Write(table);
    }
}
