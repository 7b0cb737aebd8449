import { flatten } from '../check/compare-runs.js';
import type { Violation } from '../run/run-result.js';

const MISSING = '(missing)';

export interface FieldDiff {
  readonly field: string;
  readonly model: string;
  readonly platform: string;
}

/**
 * The differing fields of a violation with the model's and the platform's values side by side,
 * in the field paths of `affsim check` (`status`, `lines[1].commissionCents`).
 */
export function violationDiffs(v: Violation): FieldDiff[] {
  const missing = v.kind === 'decision' ? '(no decision)' : '(no answer)';
  const m = v.model === null ? undefined : flatten(v.model);
  const p = v.platform === null ? undefined : flatten(v.platform);
  // `(missing)` is compare-runs' field for "one side has no decision at all".
  const value = (side: Map<string, string> | undefined, field: string) =>
    side === undefined ? missing : field === MISSING ? 'present' : (side.get(field) ?? '(absent)');
  const fields = v.fields.length > 0 ? v.fields : [MISSING];
  return fields.map((field) => ({ field, model: value(m, field), platform: value(p, field) }));
}
