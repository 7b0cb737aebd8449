/**
 * The report's stylesheet, inlined so the page needs no network. System fonts only (a web font
 * would be a download); numbers in tabular figures so columns line up.
 */
export const REPORT_STYLE = `
:root {
  --bg: #f5f6fa; --card: #ffffff; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0;
  --accent: #4f46e5; --good: #059669; --good-bg: #ecfdf5; --bad: #e11d48; --bad-bg: #fff1f2;
  --radius: 14px; --shadow: 0 1px 2px rgba(15, 23, 42, .06), 0 4px 16px rgba(15, 23, 42, .05);
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
}
.wrap { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header.hero {
  background: linear-gradient(135deg, #1e1b4b 0%, #312e81 55%, #4338ca 100%); color: #e0e7ff;
  padding: 32px 0 72px;
}
.brand { font-size: 12px; letter-spacing: .14em; text-transform: uppercase; color: #a5b4fc; font-weight: 600; }
h1 { margin: 6px 0 4px; font-size: 30px; line-height: 1.2; color: #fff; font-weight: 700; }
.lede { margin: 0 0 16px; color: #c7d2fe; max-width: 80ch; }
.status {
  display: inline-flex; align-items: center; gap: 8px; padding: 6px 14px; border-radius: 999px;
  font-weight: 600; font-size: 14px;
}
.status.pass { background: #d1fae5; color: #065f46; }
.status.fail { background: #ffe4e6; color: #9f1239; }
dl.meta { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 18px 0 0; font-size: 13px; }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { color: #a5b4fc; }
dl.meta dd { margin: 0; color: #fff; font-variant-numeric: tabular-nums; }
dl.meta code { color: #e0e7ff; font-size: 12px; }
main.wrap { margin-top: -48px; padding-bottom: 40px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 14px; }
.tile {
  background: var(--card); border-radius: var(--radius); box-shadow: var(--shadow); padding: 16px 18px;
  border-top: 3px solid var(--accent);
}
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em; font-weight: 600; }
.tile .value { font-size: 26px; font-weight: 700; margin-top: 2px; font-variant-numeric: tabular-nums; }
.tile .sub { color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
.tile.good { border-top-color: var(--good); } .tile.good .value { color: var(--good); }
.tile.bad { border-top-color: var(--bad); } .tile.bad .value { color: var(--bad); }
h2 { font-size: 19px; margin: 36px 0 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); gap: 16px; }
.card { background: var(--card); border-radius: var(--radius); box-shadow: var(--shadow); padding: 18px 20px; margin: 0; min-width: 0; }
.card.wide { grid-column: 1 / -1; }
.card h3 { margin: 0; font-size: 15px; }
.card .caption { margin: 2px 0 12px; color: var(--muted); font-size: 13px; }
.chart-box { position: relative; height: 280px; }
.card.wide .chart-box { height: 320px; }
.card.short .chart-box { height: 200px; }
.chart-error { color: var(--bad); font-size: 13px; }
.table-card { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { padding: 8px 10px; text-align: left; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:hover { background: #f8fafc; }
tbody tr:last-child td { border-bottom: 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.badge {
  display: inline-block; padding: 1px 8px; border-radius: 999px; background: #eef2ff; color: #3730a3;
  font-size: 12px; font-weight: 600; margin: 0 4px 2px 0;
}
.kind { color: var(--muted); font-size: 12px; }
.diff { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
.diff .model { color: var(--good); } .diff .platform { color: var(--bad); }
.bar-cell { position: relative; min-width: 140px; }
.bar-cell .bar { position: absolute; left: 0; top: 6px; bottom: 6px; background: #ccfbf1; border-radius: 4px; }
.bar-cell span { position: relative; }
.empty { color: var(--muted); padding: 8px 0; }
.note { color: var(--muted); font-size: 13px; margin-top: 8px; }
.replay { background: #0f172a; color: #e2e8f0; border-radius: 10px; padding: 12px 14px; overflow-x: auto; margin: 12px 0 0; }
table.groups > tbody > tr.group > td { border-bottom: 0; }
table.groups > tbody > tr.group:not(:first-child) > td { border-top: 2px solid var(--line); }
tr.group .group-title { min-width: 240px; max-width: 400px; }
tr.group .group-title > div:first-child { font-weight: 600; }
tr.follower > td:nth-child(2) { padding-left: 28px; border-left: 3px solid #c7d2fe; }
tr.examples > td { padding-top: 0; }
tr.examples:hover, tr.group:hover { background: transparent; }
details > summary { cursor: pointer; color: var(--accent); font-size: 13px; padding: 2px 0 6px; }
table.examples { font-size: 13px; background: #f8fafc; border-radius: 8px; }
table.examples th { font-size: 11px; }
code.cmd { white-space: pre-wrap; overflow-wrap: anywhere; color: #334155; }
table.examples code.cmd { display: block; margin-top: 2px; font-size: 11.5px; }
.check { margin: 0 0 4px; }
.two { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); gap: 16px; }
footer { color: var(--muted); font-size: 12px; padding: 8px 0 40px; }
a { color: var(--accent); }
@media (max-width: 640px) { h1 { font-size: 24px; } .tile .value { font-size: 22px; } }
@media print {
  body { background: #fff; } header.hero { background: #fff; color: var(--ink); padding-bottom: 16px; }
  h1, dl.meta dd { color: var(--ink); } main.wrap { margin-top: 0; } .card, .tile { box-shadow: none; border: 1px solid var(--line); }
  .card { break-inside: avoid; }
}
`;
