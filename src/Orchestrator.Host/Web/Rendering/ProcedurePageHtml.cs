using System.Text;
using Orchestrator.Host.Web.Data;
using Orchestrator.Host.Web.Diagram;
using static Orchestrator.Host.Web.Rendering.Html;

namespace Orchestrator.Host.Web.Rendering;

/// <summary>The procedure page: what it is, its state diagram with the current state highlighted, its steps with times and attempts, its audit rows.</summary>
public static class ProcedurePageHtml
{
    /// <param name="refreshSeconds">How often the page of a running procedure reloads itself; null: never.</param>
    public static string Render(ProcedureDetails details, int? refreshSeconds = StatusPageHtml.RefreshSeconds)
    {
        ArgumentNullException.ThrowIfNull(details);
        var p = details.Procedure;
        var html = new StringBuilder();
        html.Append("<h1>Procedure #").Append(E(p.Id)).Append(" · ").Append(E(p.Kind)).Append(' ').Append(E(p.Hierarchy)).Append(' ')
            .Append("<span id=\"procedure-state\" data-state=\"").Append(E(p.State)).Append("\">").Append(StateBadge(p.State)).Append("</span></h1>\n")
            .Append("<p class=\"sub\">").Append(p.IsActive ? (refreshSeconds is { } every ? $"running · refreshes every {every} s" : "running") : "finished").Append("</p>\n");

        html.Append("<section class=\"card\">\n<dl class=\"facts\">\n");
        void Fact(string name, string valueHtml) => html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(valueHtml).Append("</dd>\n");
        Fact("hierarchy", $"{E(p.Hierarchy)} · <a href=\"/audit?hierarchy={E(Uri.EscapeDataString(p.Hierarchy))}\">its audit</a>");
        Fact("move", E($"{p.SourceNode ?? "-"} → {p.TargetNode ?? "-"}"));
        Fact("requested by", E(p.RequestedBy));
        Fact("reason", OrDash(p.Reason));
        Fact("steps done", E($"{p.StepsDone} of {p.StepsTotal}"));
        Fact("created (UTC)", Time(p.CreatedAt));
        Fact("updated (UTC)", Time(p.UpdatedAt));
        Fact("completed (UTC)", Time(p.CompletedAt));
        Fact("took", Duration(p.CompletedAt is { } done ? done - p.CreatedAt : null));
        if (p.Shortfalls.Count > 0)
        {
            Fact("fell short", StatusPageHtml.Shortfalls(p.Shortfalls));
        }

        if (details.LastError is { Length: > 0 } error)
        {
            Fact("last error", $"<span class=\"error\">{E(error)}</span>");
        }

        html.Append("</dl>\n</section>\n");

        html.Append("<h2>State diagram</h2>\n<section class=\"card\" id=\"diagram\">\n");
        if (details.Diagram is { } diagram)
        {
            html.Append("<p class=\"legend\"><span><i class=\"swatch current\"></i>current state</span><span><i class=\"swatch visited\"></i>been through</span><span><i class=\"swatch taken\"></i>transition taken</span><span class=\"muted\">hover an arc for its triggers</span></p>\n")
                .Append(StateDiagramSvg.Render(diagram)).Append('\n');
            Transitions(html, diagram);
        }
        else
        {
            html.Append("<p class=\"muted\">This version of the orchestrator does not know the procedure kind ").Append(E(p.Kind)).Append(", so it cannot draw its machine.</p>\n");
        }

        html.Append("</section>\n<h2>Steps</h2>\n<section class=\"card\">\n");
        Steps(html, details.Steps);
        html.Append("</section>\n<h2>Audit</h2>\n<section class=\"card\">\n<p><a href=\"/audit?procedure=").Append(E(p.Id)).Append("\">Open in the audit page</a></p>\n");
        AuditTableHtml.Render(html, details.Audit);
        html.Append("</section>\n");
        return PageLayout.Render($"#{p.Id} {p.Kind} {p.Hierarchy}", "", html.ToString(), p.IsActive ? refreshSeconds : null);
    }

    private static void Steps(StringBuilder html, IReadOnlyList<StepDetails> steps)
    {
        html.Append("<table id=\"steps\">\n<thead><tr><th class=\"num\">#</th><th>phase</th><th>step</th><th>status</th><th class=\"num\">attempts</th><th>started (UTC)</th><th>completed (UTC)</th><th class=\"num\">took</th><th>error / waiting for</th></tr></thead>\n<tbody>\n");
        foreach (var s in steps)
        {
            html.Append("<tr class=\"status-").Append(E(s.Status)).Append("\" data-seq=\"").Append(E(s.Seq)).Append("\"><td class=\"num\">").Append(E(s.Seq)).Append("</td><td>").Append(E(s.Phase))
                .Append("</td><td class=\"wrap\">").Append(E(s.Description)).Append("<br><code class=\"muted\">").Append(E($"{s.Action} {s.Node}/{s.Target}")).Append("</code></td>")
                .Append("<td class=\"status\">").Append(E(s.Status)).Append("</td><td class=\"num\">").Append(E(s.Attempts)).Append("</td><td>").Append(Time(s.StartedAt))
                .Append("</td><td>").Append(Time(s.CompletedAt)).Append("</td><td class=\"num\">").Append(Duration(s.Duration)).Append("</td><td class=\"wrap\">");
            if (s.LastError is { Length: > 0 } error)
            {
                html.Append("<span class=\"error\">").Append(E(error)).Append("</span>");
            }

            if (s.WaitingFor is { Length: > 0 } waiting)
            {
                html.Append("<span class=\"muted\">").Append(E(waiting)).Append("</span>");
            }

            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void Transitions(StringBuilder html, StateDiagram diagram)
    {
        html.Append("<details><summary>Every transition (").Append(diagram.Transitions.Count).Append(")</summary>\n<table id=\"transitions\">\n<thead><tr><th>from</th><th>trigger</th><th>guard</th><th>to</th></tr></thead>\n<tbody>\n");
        foreach (var t in diagram.Transitions)
        {
            var classes = new List<string>();
            if (t.From == diagram.CurrentState)
            {
                classes.Add("from-current");
            }

            if (t.Taken)
            {
                classes.Add("taken");
            }

            html.Append("<tr").Append(classes.Count > 0 ? $" class=\"{string.Join(' ', classes)}\"" : "").Append("><td class=\"transition\">").Append(E(t.From)).Append("</td><td>").Append(E(t.Trigger))
                .Append("</td><td>").Append(OrDash(t.Guard)).Append("</td><td class=\"transition\">").Append(E(t.To)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</details>\n");
    }
}
