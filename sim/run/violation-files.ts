import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AffEvent } from '../domain/events.js';
import type { PolicyOverrides } from '../domain/policy.js';
import { writeHistory } from '../history/write-history.js';
import { historySupersets } from './history-superset.js';
import type { Violation } from './run-result.js';
import type { KeptViolation } from './violation-book.js';

export interface ViolationFilesTarget {
  /** The run's output directory; the histories go to its `violations/`. */
  readonly outDir: string;
  /** The command that replays the whole run, printed with every violation. */
  readonly replay: string;
  /** The policy line each history starts with. */
  readonly policyOverrides: PolicyOverrides;
}

/** A violation's history file, relative to the output directory: one per kind and subject. */
export function violationFileName(v: Pick<Violation, 'kind' | 'subject'>): string {
  return `violations/${v.kind}-${v.subject.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`;
}

/**
 * Writes each kept violation's history superset (history-superset.ts) to its file, regenerating
 * the shard's events with `events` (nothing was kept while running), and returns the violations
 * with `historyFile`, `history` and `replay` filled in, in the order given. The coordinator may
 * shrink them afterwards (shrink-history.ts).
 */
export async function writeViolationFiles(
  kept: readonly KeptViolation[],
  events: () => Iterable<AffEvent>,
  to: ViolationFilesTarget,
): Promise<Violation[]> {
  if (kept.length === 0) return [];
  mkdirSync(join(to.outDir, 'violations'), { recursive: true });
  const histories = historySupersets(
    events,
    kept.map((k) => k.subject),
  );
  const out: Violation[] = [];
  for (let i = 0; i < kept.length; i += 1) {
    const v = (kept[i] as KeptViolation).violation;
    const history = histories[i] as AffEvent[];
    const file = violationFileName(v);
    await writeHistory(join(to.outDir, file), history, to.policyOverrides);
    out.push({
      ...v,
      historyFile: file,
      history: { events: history.length, supersetEvents: history.length, form: 'superset' },
      replay: to.replay,
    });
  }
  return out;
}
