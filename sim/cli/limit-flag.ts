import {
  CAPACITY_LIMITS,
  CAPACITY_MEANINGS,
  type Capacity,
  type CapacityLimit,
  capacityFootprintBytes,
  DEFAULT_CAPACITY,
  isCapacityLimit,
} from '../../server/engine/capacity.js';
import { UsageError } from './io.js';

/** `k` and `M` as in `--limit events=5M`: limits are counts in the thousands and millions. */
const SUFFIX: Readonly<Record<string, number>> = { '': 1, k: 1_000, K: 1_000, m: 1_000_000, M: 1_000_000 };

/** A count as flags write it (`250k`, `1M`, `10_000`), or NaN when the text is not one. */
export function countText(text: string): number {
  const match = /^(\d[\d_]*)([kKmM]?)$/.exec(text.trim());
  return match
    ? Number((match[1] as string).replaceAll('_', '')) * (SUFFIX[match[2] ?? ''] ?? 1)
    : Number.NaN;
}

/**
 * `affsim serve --limit name=N[,name=N…]` (repeatable): the capacity limits to override. An
 * unknown name, a value that is not a positive count or a name given twice is a usage error.
 */
export function limitFlag(values: readonly string[], usage: string): Capacity {
  const overrides: Partial<Record<CapacityLimit, number>> = {};
  for (const assignment of values.flatMap((v) => v.split(','))) {
    const match = /^\s*([A-Za-z]+)\s*=(.*)$/.exec(assignment);
    const name = match?.[1] ?? assignment.split('=')[0]?.trim() ?? '';
    if (!isCapacityLimit(name)) {
      throw new UsageError(
        `--limit ${assignment}: unknown limit ${JSON.stringify(name)}; the limits are ${CAPACITY_LIMITS.join(', ')}`,
        usage,
      );
    }
    const n = match ? countText(match[2] as string) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new UsageError(
        `--limit ${assignment}: expected ${name}=N with N a whole number >= 1 (like ${name}=2M)`,
        usage,
      );
    }
    if (overrides[name] !== undefined) throw new UsageError(`--limit ${name}: given twice`, usage);
    overrides[name] = n;
  }
  return Object.freeze({ ...DEFAULT_CAPACITY, ...overrides });
}

/** The limits with their defaults, for `serve --help`. */
export function limitHelp(indent: string): string {
  return CAPACITY_LIMITS.map(
    (l) =>
      `${indent}${l.padEnd(11)} ${String(DEFAULT_CAPACITY[l].toLocaleString('en-US')).padStart(9)}  ${CAPACITY_MEANINGS[l]}`,
  ).join('\n');
}

/** The share of the heap the engine may take at its limits before `serve` warns: requests need room too. */
const HEAP_SHARE = 0.75;

/**
 * A warning when the limits do not fit the heap (`heapBytes`: v8's heap_size_limit): the server
 * could then run out of memory before any limit refuses an event, which the limits exist to prevent.
 */
export function heapWarning(capacity: Capacity, heapBytes: number): string | undefined {
  const footprint = capacityFootprintBytes(capacity);
  if (footprint <= heapBytes * HEAP_SHARE) return undefined;
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20).toLocaleString('en-US');
  return `warning: at its limits the engine may hold ~${mb(footprint)} MB, more than ${HEAP_SHARE * 100}% of this process's ${mb(heapBytes)} MB heap, so it could run out of memory before a limit refuses an event: lower them (--limit events=N,…) or raise the heap (NODE_OPTIONS=--max-old-space-size=MB)`;
}
