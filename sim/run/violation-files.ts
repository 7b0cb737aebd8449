import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AffEvent } from '../domain/events.js';
import type { PolicyOverrides } from '../domain/policy.js';
import { writeHistory } from '../history/write-history.js';
import { minimalHistories } from './minimal-history.js';
import type { Violation } from './run-result.js';
import type { KeptViolation } from './shard-checker.js';

export interface ViolationFilesTarget {
  /** The run's output directory; the histories go to its `violations/`. */
  readonly outDir: string;
  /** The command that replays the whole run, printed with every violation. */
  readonly replay: string;
  /** The policy line each history starts with. */
  readonly policyOverrides: PolicyOverrides;
}

/**
 * Writes a minimal history per kept violation to `violations/<kind>-<subject>.jsonl`, regenerating
 * the shard's events with `events` (nothing was kept while running), and returns the violations
 * with their `historyFile` and `replay` filled in, in the order given.
 */
export async function writeViolationFiles(
  kept: readonly KeptViolation[],
  events: () => Iterable<AffEvent>,
  to: ViolationFilesTarget,
): Promise<Violation[]> {
  if (kept.length === 0) return [];
  mkdirSync(join(to.outDir, 'violations'), { recursive: true });
  const histories = minimalHistories(
    events(),
    kept.map((k) => k.subject),
  );
  const out: Violation[] = [];
  for (let i = 0; i < kept.length; i += 1) {
    const v = (kept[i] as KeptViolation).violation;
    const file = `violations/${v.kind}-${v.subject.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`;
    await writeHistory(join(to.outDir, file), histories[i] as AffEvent[], to.policyOverrides);
    out.push({ ...v, historyFile: file, replay: to.replay });
  }
  return out;
}
