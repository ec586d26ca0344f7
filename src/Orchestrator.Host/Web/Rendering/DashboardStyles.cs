namespace Orchestrator.Host.Web.Rendering;

/// <summary>The dashboard's stylesheet, hand-written (no framework, nothing fetched at run time), served at /assets/dashboard.css.</summary>
public static class DashboardStyles
{
    public const string Path = "/assets/dashboard.css";

    public const string Css = """
        :root { --ink: #1d2330; --muted: #6b7385; --line: #d9dde6; --bg: #f5f6f9; --card: #fff; --accent: #2457c5;
                --ok: #1f7a3d; --ok-bg: #e3f4e8; --warn: #8a5a00; --warn-bg: #fff1cc; --bad: #a32020; --bad-bg: #fde4e4;
                --busy: #1f4f9e; --busy-bg: #e2ebfb; --off: #555; --off-bg: #eceef2; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        header.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #1d2330; }
        header.top .brand { color: #fff; font-weight: 700; font-size: 16px; }
        header.top nav a { color: #c9d2e6; margin-right: 16px; padding: 4px 0; }
        header.top nav a.here { color: #fff; border-bottom: 2px solid #7fa6ff; }
        main { padding: 16px 24px 32px; max-width: 1400px; }
        footer { padding: 12px 24px; color: var(--muted); font-size: 12px; }
        h1 { font-size: 22px; margin: 8px 0 4px; }
        h2 { font-size: 16px; margin: 24px 0 8px; }
        p.sub, .muted { color: var(--muted); }
        section.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; }
        tr:last-child td { border-bottom: none; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.wrap { max-width: 520px; }
        code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .badge.ok { color: var(--ok); background: var(--ok-bg); }
        .badge.warn { color: var(--warn); background: var(--warn-bg); }
        .badge.bad { color: var(--bad); background: var(--bad-bg); }
        .badge.busy { color: var(--busy); background: var(--busy-bg); }
        .badge.off { color: var(--off); background: var(--off-bg); }
        .node { display: inline-block; margin-right: 10px; white-space: nowrap; }
        .node.down { color: var(--bad); }
        .in-service strong { font-size: 15px; }
        p.error, .error { color: var(--bad); }
        .shortfall { color: var(--warn); font-size: 12px; margin-top: 2px; white-space: normal; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; }
        form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
        form.filters input { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; min-width: 110px; }
        form.filters button { font: inherit; padding: 5px 14px; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
        nav.paging { display: flex; gap: 16px; margin: 8px 0; }
        nav.paging .disabled { color: var(--muted); }
        tr.status-done td.status { color: var(--ok); }
        tr.status-failed td.status, tr.status-running td.status { font-weight: 600; }
        tr.status-failed td.status { color: var(--bad); }
        tr.status-running td.status { color: var(--busy); }
        tr.from-current td { background: #fffbe8; }
        tr.taken td.transition { font-weight: 600; }
        svg.state-diagram { display: block; max-width: 100%; height: auto; }
        svg.state-diagram .state rect { fill: #fff; stroke: #8a93a6; stroke-width: 1.2; }
        svg.state-diagram .state text { font: 13px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
        svg.state-diagram .state.visited rect { fill: #eef3ff; stroke: #5b7fd0; }
        svg.state-diagram .state.terminal rect { stroke-width: 2; }
        svg.state-diagram .state.current rect { fill: #ffd24d; stroke: #9a6b00; stroke-width: 3; }
        svg.state-diagram .state.current text { font-weight: 700; }
        svg.state-diagram .state.initial rect { stroke-dasharray: 0; }
        svg.state-diagram path.edge { fill: none; stroke: #b8bfcc; stroke-width: 1.2; }
        svg.state-diagram path.edge.taken { stroke: #2457c5; stroke-width: 2.2; }
        svg.state-diagram .arrow { fill: #b8bfcc; }
        svg.state-diagram .arrow.taken { fill: #2457c5; }
        svg.state-diagram .start { fill: var(--ink); }
        .legend span { margin-right: 16px; }
        .legend .swatch { display: inline-block; width: 14px; height: 10px; border: 1px solid #8a93a6; vertical-align: middle; margin-right: 4px; }
        .legend .swatch.current { background: #ffd24d; border: 2px solid #9a6b00; }
        .legend .swatch.visited { background: #eef3ff; border-color: #5b7fd0; }
        .legend .swatch.taken { background: #2457c5; height: 3px; border: none; }
        details summary { cursor: pointer; color: var(--accent); }
        """;
}
