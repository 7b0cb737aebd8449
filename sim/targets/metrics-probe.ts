import type { PlatformSample } from '../run/soak.js';

/** How long one scrape may take: a sample is skipped (platform: absent) rather than delay the next. */
const SCRAPE_TIMEOUT_MS = 2_000;

/** Routes whose latency a soak follows: ingestion and the decisions the run reads back. */
export const SOAK_ROUTES = { ingest: '/events/batch', attribution: '/attribution/decisions' } as const;

/**
 * Reads a platform's `/metrics` (affsim's platform: server/http/metrics.ts) for a soak sample: its
 * RSS and heap, what its engine holds, and the cumulative latency buckets of the routes the run
 * calls. Undefined when the target has no such metrics (not affsim's platform, or down: a crash
 * run's platform between a kill and its restart): the soak then has only the simulator's figures.
 */
export async function probePlatform(baseUrl: string): Promise<PlatformSample | undefined> {
  let text: string;
  try {
    const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    text = await response.text();
  } catch {
    return undefined;
  }
  const metrics = parsePrometheus(text);
  const rss = metrics.find((m) => m.name === 'process_resident_memory_bytes');
  const heap = metrics.find((m) => m.name === 'nodejs_heap_size_used_bytes');
  if (rss === undefined || heap === undefined) return undefined;
  const entity = (kind: string) =>
    metrics.find((m) => m.name === 'affsim_engine_entities' && m.labels.kind === kind)?.value;
  const gauge = (name: string) => metrics.find((m) => m.name === name)?.value;
  const buckets = (route: string) =>
    metrics
      .filter((m) => m.name === 'affsim_http_request_duration_seconds_bucket' && m.labels.route === route)
      .map((m) => ({ leMs: m.labels.le === '+Inf' ? Infinity : Number(m.labels.le) * 1000, count: m.value }))
      .sort((a, b) => a.leMs - b.leMs);
  return {
    rssBytes: rss.value,
    heapUsedBytes: heap.value,
    ...optional('livePairs', entity('pairs')),
    ...optional('expiredPairs', entity('expiredPairs')),
    ...optional('orders', entity('orders')),
    ...optional('eventIds', entity('eventIds')),
    ...optional('heapAfterGcBytes', gauge('affsim_heap_after_gc_bytes')),
    ...optional('arrayBuffersBytes', gauge('affsim_array_buffers_bytes')),
    ...optional('bookRows', gauge('affsim_report_rows')),
    ...optional('bookDays', gauge('affsim_report_day_totals')),
    latencyBuckets: { ingest: buckets(SOAK_ROUTES.ingest), attribution: buckets(SOAK_ROUTES.attribution) },
  };
}

function optional<K extends string>(key: K, value: number | undefined): { [k in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: number };
}

interface MetricLine {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The sample lines of the Prometheus text format (comments skipped; label values unescaped enough for ours). */
export function parsePrometheus(text: string): MetricLine[] {
  const lines: MetricLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (m === null) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, '$1');
    }
    const value = Number(m[3]);
    if (Number.isFinite(value) || m[3] === '+Inf') lines.push({ name: m[1] as string, labels, value });
  }
  return lines;
}
