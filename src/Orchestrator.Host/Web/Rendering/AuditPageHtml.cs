using System.Globalization;
using System.Text;
using Orchestrator.Host.Web.Data;
using static Orchestrator.Host.Web.Rendering.Html;

namespace Orchestrator.Host.Web.Rendering;

/// <summary>The audit page: the filters of `orchestrator audit list` as a form, one page of rows, links to the older and newer pages.</summary>
public static class AuditPageHtml
{
    public static string Render(AuditPageData page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var r = page.Request;
        var html = new StringBuilder();
        html.Append("<h1>Audit journal</h1>\n<p class=\"sub\">Every transition and decision, append-only and hash-chained. Times are UTC; since/until also take an age (30m, 6h, 2d).</p>\n");
        html.Append("<section class=\"card\">\n<form class=\"filters\" method=\"get\" action=\"/audit\">\n");
        void Field(string name, string label, string? value, string placeholder, string type = "text") =>
            html.Append("<label>").Append(E(label)).Append("<input type=\"").Append(type).Append("\" name=\"").Append(name).Append("\" value=\"").Append(E(value))
                .Append("\" placeholder=\"").Append(E(placeholder)).Append("\"></label>\n");
        Field("hierarchy", "hierarchy", r.Hierarchy, "exch1");
        Field("procedure", "procedure", r.ProcedureId?.ToString(CultureInfo.InvariantCulture), "7", "number");
        Field("kind", "kind", r.Kind, "switchover");
        Field("actor", "actor", r.Actor, "monitor");
        Field("since", "since", r.Since, "6h or 2026-11-25T20:00Z");
        Field("until", "until", r.Until, "ISO-8601 or age");
        Field("outcome", "outcome", r.Outcome, "completed, failed…");
        Field("limit", "rows per page", r.Limit.ToString(CultureInfo.InvariantCulture), "100", "number");
        html.Append("<button type=\"submit\">Filter</button> <a href=\"/audit\">Clear</a>\n</form>\n</section>\n");

        html.Append("<section class=\"card\">\n");
        Paging(html, page);
        if (page.Rows.Count == 0)
        {
            html.Append("<p class=\"muted\" id=\"no-rows\">No audit row matches these filters.</p>\n");
        }
        else
        {
            html.Append("<p class=\"muted\">").Append(page.Rows.Count).Append(" row(s), sequences ").Append(E(page.Rows[0].Id)).Append('–').Append(E(page.Rows[^1].Id))
                .Append(" · <a href=\"/api/audit").Append(E(r.QueryString(r.After, r.Before))).Append("\">as JSON</a></p>\n");
            AuditTableHtml.Render(html, page.Rows);
        }

        Paging(html, page);
        html.Append("</section>\n");
        return PageLayout.Render("Audit", "audit", html.ToString());
    }

    private static void Paging(StringBuilder html, AuditPageData page)
    {
        var r = page.Request;
        html.Append("<nav class=\"paging\">");
        html.Append(page.OlderBefore is { } older ? $"<a rel=\"prev\" class=\"older\" href=\"/audit{E(r.QueryString(before: older))}\">← older</a>" : "<span class=\"disabled\">← older</span>");
        html.Append(page.NewerAfter is { } newer ? $"<a rel=\"next\" class=\"newer\" href=\"/audit{E(r.QueryString(after: newer))}\">newer →</a>" : "<span class=\"disabled\">newer →</span>");
        html.Append(r.After is not null || r.Before is not null ? $"<a class=\"newest\" href=\"/audit{E(r.QueryString())}\">newest</a>" : "");
        html.Append("</nav>\n");
    }
}
