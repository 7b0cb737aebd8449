/**
 * A shard of the buyers (issue 5, "Scale out"): buyer `b` belongs to shard `b % count`, so shards
 * are balanced whatever the buyer count, and a buyer's events all come from one shard, in order.
 * `index` is 0-based: the command line's `--shard 1/2` is `{ index: 0, count: 2 }`.
 * Every shard replays the whole seller timeline (same ids: a platform sees repeats, R17).
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: Shard = Object.freeze({ index: 0, count: 1 });
/** Shards of one run (a limit on everything; far beyond any worker count). */
export const SHARDS_MAX = 65_536;

export function assertShard(shard: Shard): void {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || count > SHARDS_MAX) {
    throw new RangeError(`shard count must be an integer in 1..${SHARDS_MAX}, got ${count}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shard index must be an integer in 0..${count - 1}, got ${index}`);
  }
}

export function inShard(buyerIndex: number, shard: Shard): boolean {
  return buyerIndex % shard.count === shard.index;
}

/** `"1/2"` (1-based, as on the command line) → `{ index: 0, count: 2 }`; undefined if malformed. */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const shard = { index: Number(m[1]) - 1, count: Number(m[2]) };
  try {
    assertShard(shard);
    return shard;
  } catch {
    return undefined;
  }
}
