using System.Text;
using Orchestrator.Engine.Views;
using Orchestrator.Host.Web.Data;
using static Orchestrator.Host.Web.Rendering.Html;

namespace Orchestrator.Host.Web.Rendering;

/// <summary>The status page: each hierarchy with where it is in service, its nodes and active procedure; the active and latest procedures; the settings.</summary>
public static class StatusPageHtml
{
    public const int RefreshSeconds = 3;

    /// <param name="refreshSeconds">How often the page reloads itself; null: never.</param>
    public static string Render(StatusPageData data, int? refreshSeconds = RefreshSeconds)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = data.Status;
        var html = new StringBuilder();
        html.Append("<h1>Cluster ").Append(E(s.Cluster)).Append("</h1>\n")
            .Append("<p class=\"sub\">definition version ").Append(E(s.DefinitionVersion)).Append(" · as of ").Append(Time(data.At))
            .Append(" UTC · ").Append(refreshSeconds is { } every
                ? $"refreshes every {every} s (<a href=\"/?refresh=0\">stop</a>)"
                : "does not refresh (<a href=\"/\">refresh every few seconds</a>)").Append("</p>\n");

        html.Append("<h2>Hierarchies</h2>\n<section class=\"card\">\n<table id=\"hierarchies\">\n<thead><tr><th>hierarchy</th><th>in service on</th><th>placed on</th><th>nodes (priority)</th><th>active procedure</th><th>switchback</th><th>replica-list update</th></tr></thead>\n<tbody>\n");
        foreach (var h in s.Hierarchies)
        {
            Hierarchy(html, h);
        }

        html.Append("</tbody>\n</table>\n</section>\n");

        html.Append("<h2>Active procedures</h2>\n<section class=\"card\" id=\"active-procedures\">\n");
        if (data.ActiveProcedures.Count == 0)
        {
            html.Append("<p class=\"muted\">None: every hierarchy is at rest.</p>\n");
        }
        else
        {
            ProcedureTable(html, data.ActiveProcedures, "active");
        }

        html.Append("</section>\n<h2>Latest procedures</h2>\n<section class=\"card\" id=\"recent-procedures\">\n");
        if (data.RecentProcedures.Count == 0)
        {
            html.Append("<p class=\"muted\">No procedure has run yet: try <code>orchestrator switchover HIERARCHY --to NODE</code>.</p>\n");
        }
        else
        {
            ProcedureTable(html, data.RecentProcedures, "recent");
        }

        html.Append("</section>\n");
        Settings(html, s.Settings);
        return PageLayout.Render($"Status of {s.Cluster}", "status", html.ToString(), refreshSeconds);
    }

    private static void Hierarchy(StringBuilder html, HierarchyStatusView h)
    {
        html.Append("<tr data-hierarchy=\"").Append(E(h.Name)).Append("\">")
            .Append("<td><strong>").Append(E(h.Name)).Append("</strong><br><a class=\"muted\" href=\"/audit?hierarchy=").Append(E(Uri.EscapeDataString(h.Name))).Append("\">audit</a></td>")
            .Append("<td class=\"in-service\" data-nodes=\"").Append(E(string.Join(",", h.InServiceOn))).Append("\">");
        html.Append(h.InServiceOn.Count switch
        {
            0 => "<span class=\"badge warn\">nowhere</span>",
            1 => $"<strong>{E(h.InServiceOn[0])}</strong>",
            _ => $"<span class=\"badge bad\">on {h.InServiceOn.Count} nodes: {E(string.Join(", ", h.InServiceOn))}</span>",
        });
        html.Append("</td><td class=\"placed-on\">").Append(OrDash(h.PlacedOn)).Append("</td><td>");
        foreach (var n in h.Nodes)
        {
            html.Append("<span class=\"node").Append(n.Up ? "" : " down").Append("\">").Append(E(n.Name)).Append(" (").Append(E(n.Priority)).Append(')')
                .Append(n.Up ? "" : " down").Append("</span>");
        }

        html.Append("</td><td class=\"active\">");
        html.Append(h.ActiveProcedureId is { } id ? $"{ProcedureLink(id)} {StateBadge(h.ActiveProcedureState ?? "?")}" : "<span class=\"muted\">none</span>");
        html.Append("</td><td>").Append(E(h.Switchback)).Append("</td><td>").Append(OrDash(h.ReplicaUpdate)).Append("</td></tr>\n");
    }

    /// <summary>A table of procedures, each linked to its page.</summary>
    public static void ProcedureTable(StringBuilder html, IReadOnlyList<ProcedureSummary> procedures, string id)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(procedures);
        html.Append("<table id=\"").Append(E(id)).Append("-table\">\n<thead><tr><th>#</th><th>kind</th><th>hierarchy</th><th>state</th><th>move</th><th class=\"num\">steps</th><th>requested by</th><th>reason</th><th>created (UTC)</th></tr></thead>\n<tbody>\n");
        foreach (var p in procedures)
        {
            html.Append("<tr data-procedure=\"").Append(E(p.Id)).Append("\"><td>").Append(ProcedureLink(p.Id)).Append("</td><td>").Append(E(p.Kind))
                .Append("</td><td>").Append(E(p.Hierarchy)).Append("</td><td>").Append(StateBadge(p.State)).Append(Shortfalls(p.Shortfalls)).Append("</td><td>")
                .Append(E($"{p.SourceNode ?? "-"} → {p.TargetNode ?? "-"}")).Append("</td><td class=\"num\">").Append(E(p.StepsDone)).Append('/').Append(E(p.StepsTotal))
                .Append("</td><td>").Append(E(p.RequestedBy)).Append("</td><td class=\"wrap\">").Append(OrDash(p.Reason)).Append("</td><td>").Append(Time(p.CreatedAt)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>What fell short of a procedure's purpose (e.g. users that failed to move), under its state; nothing when all was achieved.</summary>
    public static string Shortfalls(IReadOnlyList<string> shortfalls)
    {
        ArgumentNullException.ThrowIfNull(shortfalls);
        return shortfalls.Count == 0 ? "" : $"<div class=\"shortfall\">{string.Join("<br>", shortfalls.Select(E))}</div>";
    }

    private static void Settings(StringBuilder html, SettingsView s)
    {
        html.Append("<h2>Settings</h2>\n<section class=\"card\">\n<dl class=\"facts\">\n");
        void Fact(string name, string value) => html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
        Fact("maxwait", $"{s.MaxWaitSeconds} s");
        Fact("automatic failover", s.AutomaticFailover ? "yes" : "no");
        Fact("switchback", s.Switchback);
        Fact("N+1", s.NPlusOne ? "yes" : "no");
        Fact("update replica list", s.UpdateReplicaList ? $"yes (batches of {s.ReplicaBatchSize}, {s.ReplicaParallelism} at once)" : "no");
        Fact("monitor", $"every {s.MonitorIntervalSeconds} s, act after {s.FailureThreshold} failed checks");
        Fact("failback stabilisation", $"{s.FailbackStabilisationSeconds} s");
        Fact("failover block", $"{s.FailoverBlockSeconds} s");
        html.Append("</dl>\n</section>\n");
    }
}
