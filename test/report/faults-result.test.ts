import { describe, expect, it } from 'vitest';
import { terminalSummary } from '../../sim/report/terminal-summary.js';
import { MergeError, mergeResults } from '../../sim/run/merge-results.js';
import { canonicalResult, resultJson } from '../../sim/run/result-json.js';
import type { RunFaults, RunResult } from '../../sim/run/run-result.js';
import { fakeResult } from './_fake-result.js';

/**
 * Why (issue 14): result.json says what `--faults` injected, shards' counts add up in a merge like
 * every other count, shards of differently faulted runs do not merge, and a run without faults
 * keeps the result it had (no `faults` field, no summary line).
 */
const SPEC = 'drop=0.02,dup=0.02';
const faults = (n: number): RunFaults => ({
  spec: SPEC,
  injected: { dropBefore: n, dropAfter: n + 1, dup: n + 2, delay: 0, reorder: 3 * n, timeout: 1 },
  retries: 4 * n,
});
const shard = (index: number, f?: RunFaults): RunResult => {
  const r = fakeResult({ buyers: 300, shard: { index, count: 2 } });
  return f === undefined ? r : { ...r, faults: f };
};

describe('faults in result.json', () => {
  it('a merge sums the injected counts and the retries', () => {
    const m = mergeResults([shard(0, faults(1)), shard(1, faults(5))]);
    expect(m.faults).toEqual({
      spec: SPEC,
      injected: { dropBefore: 6, dropAfter: 8, dup: 10, delay: 0, reorder: 18, timeout: 2 },
      retries: 24,
    });
    expect(resultJson(m)).toContain('"faults": {\n    "spec": "drop=0.02,dup=0.02"');
  });

  it('shards with other faults, or one with and one without, do not merge', () => {
    expect(() => mergeResults([shard(0, faults(1)), shard(1, { ...faults(1), spec: 'dup=0.1' })])).toThrow(
      /the faults \(--faults\) is "drop=0\.02,dup=0\.02" in result 1 but "dup=0\.1" in result 2/,
    );
    expect(() => mergeResults([shard(0, faults(1)), shard(1)])).toThrow(MergeError);
  });

  it('a result without faults has no faults field and no summary line; one with them, one line', () => {
    const clean = mergeResults([shard(0), shard(1)]);
    expect('faults' in canonicalResult(clean)).toBe(false);
    expect(resultJson(clean)).not.toContain('"faults"');
    expect(terminalSummary(clean).some((l) => l.startsWith('faults'))).toBe(false);
    const lines = terminalSummary({ ...clean, faults: faults(2) }).filter((l) => l.startsWith('faults'));
    expect(lines).toEqual([
      'faults       drop=0.02,dup=0.02: 2 dropped before, 3 answers lost, 4 duplicated, 1 timed out, 0 delayed, 6 reordered pairs; 8 retries',
    ]);
  });

  it('a negative or missing count is refused when read back', () => {
    const bad = { ...shard(0), faults: { ...faults(1), retries: -1 } };
    expect(() => canonicalResult(bad)).toThrow(/faults/);
  });
});
