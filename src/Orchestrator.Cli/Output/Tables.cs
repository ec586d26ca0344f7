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
        var table = new Table().Title($"cluster {Markup.Escape(status.Cluster)} (definition v{status.DefinitionVersion})");
        table.AddColumns("hierarchy", "in service on", "world shows", "nodes (priority, state, routing group)", "switchback", "active procedure", "replica lists");
        foreach (var h in status.Hierarchies)
        {
            var nodes = string.Join(", ", h.Nodes.Select(n => $"{n.Name} ({n.Priority}, {(n.Up ? "up" : n.Unknown is { } why ? $"unknown ({why})" : "DOWN")}{(n.RoutingGroup is { } rg ? $", {rg}" : "")})"));
            var world = h.InServiceOn.Count == 0 && h.InServiceUnknown is null ? "[red]nowhere[/]" : Markup.Escape(string.Join(", ", h.InServiceOn));
            if (h.InServiceUnknown is { } unknown)
                world += Markup.Escape($"{(h.InServiceOn.Count == 0 ? "" : "; ")}unknown ({unknown})");
            if (h.Resources is { Count: > 0 } resources)
                world += "\n" + Markup.Escape(string.Join("\n", resources));
            var active = h.ActiveProcedureId is { } id ? $"#{id} {h.ActiveProcedureState}" : "-";
            table.AddRow(Markup.Escape(h.Name), Markup.Escape(h.PlacedOn ?? "(none)"), world, Markup.Escape(nodes), h.Switchback, Markup.Escape(active),
                Markup.Escape(h.ReplicaUpdate ?? "-"));
        }

        AnsiConsole.Write(table);
        var t = status.Settings;
        AnsiConsole.MarkupLine(Markup.Escape(
            $"settings: maxwait {t.MaxWaitSeconds} s, automatic failover {(t.AutomaticFailover ? "on" : "off")}, switchback {t.Switchback}, N+1 {(t.NPlusOne ? "yes" : "no")}, " +
            $"update replica list {(!t.UpdateReplicaListDeclared ? "missing (warning 28540 on every move)" : t.UpdateReplicaList ? $"on (batches of {t.ReplicaBatchSize}, {t.ReplicaParallelism} at once)" : "off")}, monitor every {t.MonitorIntervalSeconds} s (threshold {t.FailureThreshold}), " +
            $"failback stabilisation {t.FailbackStabilisationSeconds} s, failover block {t.FailoverBlockSeconds} s"));
        AnsiConsole.MarkupLine(Markup.Escape(
            $"public-folder owners: {(status.PublicFolderOwners.Count == 0 ? "(not declared)" : string.Join(", ", status.PublicFolderOwners))}"));
    }

    public static void Procedures(IReadOnlyList<ProcedureView> procedures)
    {
        var table = new Table();
        table.AddColumns("id", "kind", "hierarchy", "from", "to", "state", "steps", "requested by", "created (UTC)");
        foreach (var p in procedures)
        {
            table.AddRow($"#{p.Id}", p.Kind, Markup.Escape(p.Hierarchy), Markup.Escape(p.SourceNode ?? "-"), Markup.Escape(p.TargetNode ?? "-"),
                Markup.Escape(p.State), $"{p.StepsDone}/{p.Steps.Count}", Markup.Escape(p.RequestedBy), p.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    public static void Procedure(ProcedureView p)
    {
        AnsiConsole.MarkupLine($"[bold]#{p.Id} {p.Kind}[/] of {Markup.Escape(p.Hierarchy)}: {Markup.Escape(p.SourceNode ?? "-")} -> {Markup.Escape(p.TargetNode ?? "-")}, state [bold]{Markup.Escape(p.State)}[/]");
        AnsiConsole.MarkupLine($"requested by {Markup.Escape(p.RequestedBy)}: {Markup.Escape(p.Reason)}");
        if (p.LastError is { } error)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        }

        foreach (var shortfall in p.Shortfalls)
        {
            AnsiConsole.MarkupLine($"[yellow]fell short:[/] {Markup.Escape(shortfall)}");
        }

        var table = new Table();
        table.AddColumns("#", "phase", "step", "status", "attempts", "last error");
        foreach (var s in p.Steps)
        {
            table.AddRow(s.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Phase, Markup.Escape(s.Description), s.Status,
                s.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.LastError ?? ""));
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
                e.ProcedureId is { } id ? $"#{id} {e.Kind}" : e.Kind, Markup.Escape(e.Hierarchy ?? "-"), Markup.Escape(e.Nodes ?? "-"),
                Markup.Escape(transition), Markup.Escape(e.Actor), Markup.Escape(e.Reason));
        }

        AnsiConsole.Write(table);
    }
}
