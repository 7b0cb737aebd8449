import { slope } from './least-squares.js';

/**
 * What a soak's platform must keep and what it keeps (soak.ts judges one against the other): the
 * measured bytes per item it can never drop, and its memory as its metrics say it.
 */

/** What these read of a soak sample (soak.ts SoakSample has it): the platform's counts and memory. */
export interface RetainedSample {
  readonly atMs: number;
  readonly platform?: {
    readonly eventIds?: number;
    readonly orders?: number;
    readonly livePairs?: number;
    readonly expiredPairs?: number;
    readonly bookRows?: number;
    readonly bookDays?: number;
    readonly heapAfterGcBytes?: number;
    readonly arrayBuffersBytes?: number;
  };
}

const MB = 1_000_000;
const MINUTE_MS = 60_000;

/**
 * Retained heap per item (server/engine/capacity.ts BYTES_PER_ITEM, measured by
 * test/bench/capacity-bench.ts; an expired pair keeps only its key): what a platform that keeps
 * every order and R17 id must grow by. Copied, not imported: the run never imports a platform.
 */
export const RETAINED_BYTES = {
  eventId: 48,
  order: 300,
  livePair: 150,
  expiredPair: 32,
  /** A report book row or click cell (test/bench/book-memory-bench.ts: 112 B a row of the baseline's). */
  bookRow: 120,
  /** A store's totals of one local day (a heap snapshot of a soak's platform: ~90 B). */
  bookDay: 90,
} as const;

/**
 * What it keeps may grow this much faster than what it must keep: its tables hold room to grow (the
 * R17 ledger's records grow by a quarter, indexes double), so kept memory rises in steps a little
 * ahead of the items in them; a leak grows without bound past it.
 */
export const SOAK_KEPT_ROOM_FACTOR = 1.25;

/**
 * The platform's heap after its latest full GC plus its ArrayBuffers (its typed tables), in bytes;
 * undefined when its metrics do not say, or no full GC has run yet.
 */
export function keptBytes(s: RetainedSample): number | undefined {
  const heap = s.platform?.heapAfterGcBytes;
  const buffers = s.platform?.arrayBuffersBytes;
  return heap === undefined || heap <= 0 || buffers === undefined ? undefined : heap + buffers;
}

/** MB per minute the platform must keep over `samples` (its own counts of ids, orders and pairs). */
export function retainedRate(samples: readonly RetainedSample[]): number {
  const a = samples[0]?.platform;
  const b = samples.at(-1)?.platform;
  const minutes = ((samples.at(-1)?.atMs ?? 0) - (samples[0]?.atMs ?? 0)) / MINUTE_MS;
  if (a === undefined || b === undefined || minutes <= 0) return 0;
  const d = (k: 'eventIds' | 'orders' | 'livePairs' | 'expiredPairs' | 'bookRows' | 'bookDays') =>
    (b[k] ?? 0) - (a[k] ?? 0);
  const bytes =
    d('eventIds') * RETAINED_BYTES.eventId +
    d('orders') * RETAINED_BYTES.order +
    Math.max(0, d('livePairs')) * RETAINED_BYTES.livePair +
    d('expiredPairs') * RETAINED_BYTES.expiredPair +
    d('bookRows') * RETAINED_BYTES.bookRow +
    d('bookDays') * RETAINED_BYTES.bookDay;
  return bytes / MB / minutes;
}

/**
 * What the platform keeps over the samples that say it (a full GC has run: heapAfterGcBytes > 0),
 * with the slope over their second half (unrounded); undefined without two such samples.
 */
export function keptTrend(
  samples: readonly RetainedSample[],
): { keptStartMb: number; keptEndMb: number; keptSlopeMbPerMin: number } | undefined {
  const points = samples.flatMap((s) => {
    const bytes = keptBytes(s);
    return bytes === undefined ? [] : [{ x: s.atMs / MINUTE_MS, y: bytes / MB }];
  });
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined || points.length < 2) return undefined;
  return {
    keptStartMb: first.y,
    keptEndMb: last.y,
    keptSlopeMbPerMin: slope(points.slice(Math.floor(points.length / 2))),
  };
}
