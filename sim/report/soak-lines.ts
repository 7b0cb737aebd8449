import type { RunResult } from '../run/run-result.js';
import type { MemoryTrend, P99Trend, SoakResult } from '../run/soak.js';
import { formatCount, formatDurationMs } from './_format.js';
import { label } from './_terminal-layout.js';

const signed = (x: number) => (x >= 0 ? `+${x}` : `${x}`);

function memoryText(t: MemoryTrend): string {
  return `RSS ${t.rssStartMb} → ${t.rssEndMb} MB (${signed(t.rssSlopeMbPerMin)} MB/min), heap ${t.heapStartMb} → ${t.heapEndMb} MB (${signed(t.heapSlopeMbPerMin)} MB/min)`;
}

function p99Text(name: string, t: P99Trend | undefined): string | undefined {
  return t === undefined
    ? undefined
    : `${name} p99 ${t.firstHalfMedianMs} ms (first half, median) → worst ${t.lastQuarterMaxMs} ms (last quarter)${t.stable ? '' : ' NOT STABLE'}`;
}

/**
 * `--soak`, in the terminal summary: how long, the event rate, memory at start and end with the
 * second-half slopes (the platform's and the simulator's apart), the p99s and the verdict.
 */
export function soakLines(soak: SoakResult | undefined, days: number, of?: string): string[] {
  if (soak === undefined) return [];
  const s = soak.summary;
  const p = s.platform;
  const simulated =
    soak.simulatedDays === undefined
      ? ''
      : `, ${formatCount(soak.simulatedDays)} of ${formatCount(days)} simulated days`;
  return [
    `${label('soak')}${of === undefined ? '' : `${of}: `}${formatDurationMs(s.wallMs)}, ${soak.samples.length} samples every ${formatDurationMs(s.sampleMs)}, ${formatCount(s.eventsPerSecond)} events/s${simulated}`,
    ...(p === undefined
      ? []
      : [
          `${label('')}platform  ${memoryText(p)}`,
          ...(p.keptSlopeMbPerMin === undefined
            ? []
            : [
                `${label('')}          kept ${p.keptStartMb} → ${p.keptEndMb} MB (${signed(p.keptSlopeMbPerMin)} MB/min; heap after GC + typed arrays), must keep ${signed(p.retainedMbPerMin)} MB/min`,
              ]),
          ...(p.livePairsEnd === undefined
            ? []
            : [
                `${label('')}          live pairs ${formatCount(p.livePairsStart ?? 0)} → ${formatCount(p.livePairsEnd)}, ${formatCount(p.expiredPairsEnd ?? 0)} expired (pair expiry)`,
              ]),
          ...[p99Text('ingest', p.ingestP99), p99Text('attribution', p.attributionP99)]
            .filter((t): t is string => t !== undefined)
            .map((t) => `${label('')}          ${t}`),
        ]),
    `${label('')}simulator ${memoryText(s.simulator)}`,
    `${label('')}${s.verdict}`,
  ];
}

/** A shard's name in a merged result's soaks: `shard 2/4`, or `shards 1,3/4`. */
export function shardSoakName(shards: readonly number[], count: number): string {
  return `shard${shards.length > 1 ? 's' : ''} ${shards.map((i) => i + 1).join(',')}/${count}`;
}

/** The run's soak, or a merged result's soak of each shard (`affsim merge`). */
export function runSoakLines(r: Pick<RunResult, 'soak' | 'soakShards' | 'period' | 'shards'>): string[] {
  return [
    ...soakLines(r.soak, r.period.days),
    ...(r.soakShards ?? []).flatMap((s) =>
      soakLines(s, r.period.days, shardSoakName(s.shards, r.shards.count)),
    ),
  ];
}
