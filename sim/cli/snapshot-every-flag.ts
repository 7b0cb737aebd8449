import { DEFAULT_SNAPSHOT_EVERY } from '../../server/durable/snapshot-writer.js';
import { UsageError } from './io.js';
import { countText } from './limit-flag.js';

/**
 * `affsim serve --snapshot-every N|off`: snapshot the state every N journaled events (N may end in
 * k or M), `0` or `off` for none. Only with --data-dir, and not with --mutant (a snapshot does not
 * cover the state a mutant's rules keep); the default without the flag: DEFAULT_SNAPSHOT_EVERY,
 * or none for a mutant.
 */
export function snapshotEveryFlag(
  value: string | undefined,
  dataDir: string | undefined,
  mutant: string | undefined,
  usage: string,
): number {
  if (value === undefined) return mutant === undefined ? DEFAULT_SNAPSHOT_EVERY : 0;
  if (dataDir === undefined) throw new UsageError(`--snapshot-every ${value}: only with --data-dir`, usage);
  const text = value.trim();
  if (text === 'off') return 0;
  const n = countText(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new UsageError(
      `--snapshot-every ${value}: expected a number of events (like 250k or 1M), or 0 or off for no snapshots`,
      usage,
    );
  }
  if (n > 0 && mutant !== undefined) {
    throw new UsageError(
      `--snapshot-every ${value}: not with --mutant (a snapshot does not cover the state a mutant's rules keep; its data dir replays in full)`,
      usage,
    );
  }
  return n;
}
