/** The dashboard's stylesheet (inlined into the page). */
export const DASHBOARD_CSS = `
:root { --fg: #1d2330; --muted: #667085; --line: #e3e7ee; --bg: #f5f7fa; --card: #fff; --accent: #2f6fed;
  --ok: #1a7f37; --bad: #c62828; --warn: #b26a00; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 12px; padding: 10px 20px; background: #111827; color: #fff; }
header h1 { font-size: 17px; margin: 0; letter-spacing: .02em; }
header .muted { color: #aab3c2; }
.spacer { flex: 1; }
main { padding: 16px 20px; }
#app { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.card.narrow { max-width: 380px; margin: 60px auto; }
h2 { font-size: 15px; margin: 0 0 10px; }
h3 { font-size: 13px; margin: 12px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.actions { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #f0f3f8; padding: 8px; border-radius: 6px; overflow: auto; max-height: 320px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #e8eefc; color: var(--accent); font-size: 12px; font-weight: 600; }
header .badge { background: #2f6fed; color: #fff; }
.up { color: var(--ok); font-weight: 600; } .down { color: var(--bad); font-weight: 600; } .unknown { color: var(--muted); }
.warn { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); }
.error { color: var(--bad); min-height: 1em; }
.row { display: flex; gap: 8px; margin: 6px 0; }
input, select, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid #c8cfda; border-radius: 6px; background: #fff; }
input, textarea { flex: 1; width: 100%; }
label { display: block; margin: 6px 0 4px; color: var(--muted); }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; white-space: nowrap; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
header button { background: transparent; border-color: #4b5563; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
.chart .title { font-size: 12px; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chart svg { display: block; width: 100%; height: 48px; }
.chart .spark { fill: none; stroke: var(--accent); stroke-width: 1.5; }
.chart .bar { fill: #9db7f5; }
.chart .base { stroke: var(--line); stroke-width: 1; }
.chart .legend { display: flex; justify-content: space-between; font-size: 11px; color: var(--muted); }
ul.changes { margin: 6px 0; padding-left: 18px; font-size: 13px; }
.kind-added { color: var(--ok); } .kind-removed { color: var(--bad); } .kind-changed, .kind-moved { color: var(--warn); }
`;
