using System.Text;
using Orchestrator.Storage.Audit;
using static Orchestrator.Host.Web.Rendering.Html;

namespace Orchestrator.Host.Web.Rendering;

/// <summary>Audit rows as a table (the audit page and the procedure page share it). Hashes are shortened; the JSON has them whole.</summary>
public static class AuditTableHtml
{
    public static void Render(StringBuilder html, IReadOnlyList<AuditEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(rows);
        html.Append("<table id=\"audit\">\n<thead><tr><th class=\"num\">seq</th><th>at (UTC)</th><th>procedure</th><th>hierarchy</th><th>node(s)</th><th>transition</th><th>trigger</th><th>actor</th><th>reason</th><th>hash</th></tr></thead>\n<tbody>\n");
        foreach (var r in rows)
        {
            html.Append("<tr data-seq=\"").Append(E(r.Id)).Append("\" data-hierarchy=\"").Append(E(r.Hierarchy ?? "")).Append("\">")
                .Append("<td class=\"num\">").Append(E(r.Id)).Append("</td><td>").Append(Time(r.At)).Append("</td><td>")
                .Append(r.ProcedureId is { } id ? $"{ProcedureLink(id)} {E(r.Kind)}" : E(r.Kind)).Append("</td><td class=\"hierarchy\">").Append(OrDash(r.Hierarchy))
                .Append("</td><td>").Append(OrDash(r.Nodes)).Append("</td><td class=\"transition\">").Append(E($"{r.FromState ?? "-"} → {r.ToState ?? "-"}"))
                .Append("</td><td>").Append(E(r.TriggerName)).Append("</td><td>").Append(E(r.Actor)).Append("</td><td class=\"wrap\">").Append(OrDash(r.Reason))
                .Append("</td><td class=\"mono\" title=\"").Append(E(r.Hash)).Append("\">").Append(E(r.Hash.Length > 10 ? r.Hash[..10] + "…" : r.Hash)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }
}
