import escapeHtml from 'escape-html';
import type { RunResult } from '../run/run-result.js';
import type { SoakResult, SoakSample } from '../run/soak.js';
import { keptBytes } from '../run/soak-retained.js';
import { formatCount, formatDurationMs } from './_format.js';
import { shardSoakName, soakLines } from './soak-lines.js';

const esc = (text: string | number) => escapeHtml(String(text));
const W = 640;
const H = 160;

/** One memory series as an SVG polyline over the soak's wall time (MB on a shared axis). */
function polyline(
  samples: readonly SoakSample[],
  of: (s: SoakSample) => number | undefined,
  top: number,
  color: string,
): string {
  const end = Math.max(1, samples.at(-1)?.atMs ?? 1);
  const points = samples.flatMap((s) => {
    const v = of(s);
    return v === undefined ? [] : [`${((s.atMs / end) * W).toFixed(1)},${(H - (v / top) * H).toFixed(1)}`];
  });
  return points.length === 0
    ? ''
    : `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`;
}

/**
 * `--soak` in report.html: the summary lines and RSS and heap over time, the platform's and the
 * simulator's apart (an inline SVG: nothing to load, as the page's policy requires). Empty without a soak;
 * a merged result's soaks one per shard.
 */
export function soakHtml(r: RunResult): string {
  if (r.soak !== undefined) return `<h2>Soak</h2>\n${soakCard(r.soak, r.period.days)}`;
  if (r.soakShards === undefined) return '';
  return `<h2>Soak</h2>\n${r.soakShards
    .map((s) => `<h3>${esc(shardSoakName(s.shards, r.shards.count))}</h3>\n${soakCard(s, r.period.days)}`)
    .join('\n')}`;
}

function soakCard(soak: SoakResult, days: number): string {
  const mb = (b: number | undefined) => (b === undefined ? undefined : b / 1e6);
  const series: [string, string, (s: SoakSample) => number | undefined][] = [
    ['platform RSS', '#2563eb', (s) => mb(s.platform?.rssBytes)],
    ['platform heap', '#16a34a', (s) => mb(s.platform?.heapUsedBytes)],
    ['platform kept', '#0d9488', (s) => mb(keptBytes(s))],
    ['simulator RSS', '#9333ea', (s) => mb(s.simulator.rssBytes)],
    ['simulator heap', '#ea580c', (s) => mb(s.simulator.heapUsedBytes)],
  ];
  const top = Math.max(1, ...soak.samples.flatMap((s) => series.map(([, , of]) => of(s) ?? 0))) * 1.05;
  const legend = series
    .map(([name, color]) => `<span style="color:${color}">■ ${esc(name)}</span>`)
    .join(' · ');
  return `<div class="card"><pre class="soak-lines">${esc(soakLines(soak, days).join('\n'))}</pre>
<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="memory over the soak" data-soak-samples="${soak.samples.length}">
${series.map(([, color, of]) => polyline(soak.samples, of, top, color)).join('\n')}
</svg>
<p class="note">${legend}; 0 to ${esc(formatCount(Math.round(top)))} MB over ${esc(formatDurationMs(soak.summary.wallMs))}. Slopes are least squares over the second half; the platform's memory is flat when what it keeps (heap after its latest full GC + typed arrays; its heap when it does not say) grows no faster than what it must keep (R17 ids, orders, pairs, report rows).</p></div>`;
}
