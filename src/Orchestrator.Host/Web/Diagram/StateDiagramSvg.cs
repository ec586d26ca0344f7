using System.Globalization;
using System.Text;
using Orchestrator.Engine.Procedures;
using static Orchestrator.Host.Web.Rendering.Html;

namespace Orchestrator.Host.Web.Diagram;

/// <summary>
/// Draws a <see cref="StateDiagram"/> as inline SVG, server-side: the states as boxes in a column (initial state on
/// top, working phases in plan order, terminal states at the bottom), transitions as arcs — downward on the right,
/// upward on the left, a loop for a state to itself — the procedure's current state filled, the states and
/// transitions it went through in blue. Every arc has a tooltip with its triggers and guards; the page lists them too.
/// </summary>
public static class StateDiagramSvg
{
    private const int RowHeight = 50;
    private const int BoxHeight = 30;
    private const int Margin = 24;
    private const double CharWidth = 7.6;
    private const int ArcBase = 22;
    private const int ArcStep = 15;

    public static string Render(StateDiagram diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        var states = diagram.States;
        var row = states.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var edges = diagram.Transitions
            .Where(t => row.ContainsKey(t.From) && row.ContainsKey(t.To))
            .GroupBy(t => (t.From, t.To))
            .Select(g => new Edge(row[g.Key.From], row[g.Key.To], g.Key.From, g.Key.To,
                string.Join("\n", g.Select(t => t.Guard is null ? t.Trigger : $"{t.Trigger} [{t.Guard}]").Distinct()), g.Any(t => t.Taken)))
            .OrderBy(e => e.Taken) // taken arcs drawn last, on top
            .ToList();

        var boxWidth = (int)Math.Max(150, (states.Max(s => s.Length) + 6) * CharWidth + 32); // room for " ◀ now"
        var down = edges.Where(e => e.ToRow > e.FromRow).Select(e => e.ToRow - e.FromRow).DefaultIfEmpty(0).Max();
        var up = edges.Where(e => e.ToRow < e.FromRow).Select(e => e.FromRow - e.ToRow).DefaultIfEmpty(0).Max();
        var left = Margin + (up > 0 ? Bulge(up) : 0);
        var right = left + boxWidth;
        var width = right + Margin + Math.Max(down > 0 ? Bulge(down) : 0, 30);
        var height = Margin * 2 + 16 + states.Count * RowHeight - (RowHeight - BoxHeight);
        double Top(int i) => Margin + 16 + i * RowHeight;
        double Mid(int i) => Top(i) + BoxHeight / 2.0;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"state-diagram\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"diagram-title\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" data-current-state=\"{E(diagram.CurrentState)}\">\n")
            .Append("<title id=\"diagram-title\">").Append(E($"{diagram.Kind} state machine; current state {diagram.CurrentState}")).Append("</title>\n")
            .Append("<defs>")
            .Append("<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/></marker>")
            .Append("<marker id=\"arrow-taken\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path class=\"arrow taken\" d=\"M0,0 L10,5 L0,10 z\"/></marker>")
            .Append("</defs>\n");

        // The start marker: a dot with an arrow into the initial state.
        if (row.TryGetValue(diagram.InitialState, out var initial))
        {
            var cx = left + boxWidth / 2.0;
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"start\" cx=\"{cx:0.#}\" cy=\"{Margin - 4}\" r=\"5\"/>")
                .Append(CultureInfo.InvariantCulture, $"<path class=\"edge\" d=\"M{cx:0.#},{Margin + 1} L{cx:0.#},{Top(initial) - 1:0.#}\" marker-end=\"url(#arrow)\"/>\n");
        }

        foreach (var e in edges)
        {
            string d;
            if (e.FromRow == e.ToRow)
            {
                var y = Top(e.FromRow); // a loop above the box's right end, into its top edge
                d = FormattableString.Invariant($"M{right - 46},{y:0.#} C{right - 46},{y - 19:0.#} {right - 14},{y - 19:0.#} {right - 14},{y - 1:0.#}");
            }
            else if (e.ToRow > e.FromRow)
            {
                var b = Bulge(e.ToRow - e.FromRow);
                var (y1, y2) = (Mid(e.FromRow) + 6, Mid(e.ToRow) - 4);
                d = FormattableString.Invariant($"M{right},{y1:0.#} C{right + b * 1.3:0.#},{y1:0.#} {right + b * 1.3:0.#},{y2:0.#} {right},{y2:0.#}");
            }
            else
            {
                var b = Bulge(e.FromRow - e.ToRow);
                var (y1, y2) = (Mid(e.FromRow) - 6, Mid(e.ToRow) + 4);
                d = FormattableString.Invariant($"M{left},{y1:0.#} C{left - b * 1.3:0.#},{y1:0.#} {left - b * 1.3:0.#},{y2:0.#} {left},{y2:0.#}");
            }

            svg.Append("<path class=\"edge").Append(e.Taken ? " taken" : "").Append("\" d=\"").Append(d)
                .Append("\" marker-end=\"url(#").Append(e.Taken ? "arrow-taken" : "arrow").Append(")\" data-from=\"").Append(E(e.From)).Append("\" data-to=\"").Append(E(e.To)).Append("\">")
                .Append("<title>").Append(E($"{e.From} → {e.To}\n{e.Triggers}")).Append("</title></path>\n");
        }

        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            var classes = new List<string> { "state" };
            if (state == diagram.CurrentState)
            {
                classes.Add("current");
            }
            else if (diagram.Visited.Contains(state))
            {
                classes.Add("visited");
            }

            if (ProcedureStates.IsTerminal(state))
            {
                classes.Add("terminal");
            }

            if (state == diagram.InitialState)
            {
                classes.Add("initial");
            }

            svg.Append("<g class=\"").Append(string.Join(' ', classes)).Append("\" data-state=\"").Append(E(state)).Append('"')
                .Append(state == diagram.CurrentState ? " aria-current=\"step\"" : "").Append('>')
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{Top(i):0.#}\" width=\"{boxWidth}\" height=\"{BoxHeight}\" rx=\"7\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{left + boxWidth / 2.0:0.#}\" y=\"{Mid(i) + 4.5:0.#}\" text-anchor=\"middle\">")
                .Append(E(state)).Append(state == diagram.CurrentState ? " ◀ now" : "").Append("</text></g>\n");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static int Bulge(int rows) => ArcBase + ArcStep * (rows - 1);

    private sealed record Edge(int FromRow, int ToRow, string From, string To, string Triggers, bool Taken);
}
