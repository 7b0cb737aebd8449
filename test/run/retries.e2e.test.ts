import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../sim/run/run-result.js';
import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { affsim } from '../cli/run-cli.js';

const ADAPTER = 'test/run/fixtures/resettable-target.ts';
const RUN = ['run', 'baseline', '--seed', '3', '--buyers', '2000', '--days', '20', '--workers', '1'];

interface BatchResult {
  status: number;
  repeat: boolean;
  body: Record<string, unknown>;
}

/**
 * A platform that refuses a retried event as a duplicate (409, R17) instead of answering it as the
 * original was: a common idempotency bug. affsim's own engine underneath, so everything else is right.
 */
function startDuplicateRefusingPlatform(): Promise<PlatformDouble> {
  return startPlatformDouble(async (request) => {
    const answer = await request.forward(request.body);
    if (request.url !== '/events/batch' || answer.status !== 200) return answer;
    const { results } = JSON.parse(answer.text) as { results: BatchResult[] };
    const rewritten = results.map((r) =>
      r.repeat ? { status: 409, repeat: true, body: { rule: 'R17', detail: 'duplicate event id' } } : r,
    );
    return { status: 200, text: JSON.stringify({ results: rewritten }) };
  });
}

/** A platform that acknowledges an id reused for another event instead of refusing it (R17). */
function startReuseAcceptingPlatform(): Promise<PlatformDouble> {
  return startPlatformDouble(async (request) => {
    const answer = await request.forward(request.body);
    if (request.url !== '/events/batch' || answer.status !== 200) return answer;
    const { results } = JSON.parse(answer.text) as { results: BatchResult[] };
    const rewritten = results.map((r) =>
      r.status === 409 && r.body.rule === 'R17' ? { status: 200, repeat: false, body: {} } : r,
    );
    return { status: 200, text: JSON.stringify({ results: rewritten }) };
  });
}

async function run(platform: PlatformDouble | undefined) {
  const out = mkdtempSync(join(tmpdir(), 'affsim-retries-'));
  const target = platform ? ['--target', platform.url, '--target-adapter', ADAPTER] : [];
  const r = await affsim(...RUN, ...target, '--out', out);
  if (r.code !== 0 && r.code !== 1) throw new Error(`affsim run exited ${r.code}: ${r.stderr}`);
  return { ...r, out, result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult };
}

/**
 * Why: R17 is a rule like any other (issue 11, "Idempotency in the traffic"): the traffic retries
 * events as clients do, and every answer to a repeat must be the original's, so a platform that
 * refuses retries is caught, traced to R17, and shrunk to the event and its retry.
 */
describe('client retries (R17), built CLI', () => {
  test('baseline retries 1 % of buyer events and reuses 0.1 % of ids; affsim answers every repeat as the original and refuses reuses: no violation', async () => {
    const { code, result } = await run(undefined);
    expect(code).toBe(0);
    expect(result.events.repeats).toBeGreaterThan(0);
    expect(result.events.rejectedByRule.R17 ?? 0).toBeGreaterThan(0);
    // About 1 % of the buyer events (the seller timeline is not retried).
    expect(result.events.repeats).toBeLessThan(result.events.sent * 0.02);
  });

  test('a platform that refuses retries is caught: one R17 group per event type, shrunk to the event and its retry', async () => {
    const platform = await startDuplicateRefusingPlatform();
    try {
      const { code, result, out } = await run(platform);
      expect(code).toBe(1);
      const groups = result.violationGroups;
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) expect(g).toMatchObject({ kind: 'answer', rule: 'R17', cause: 'answer' });
      expect(groups.reduce((n, g) => n + g.count, 0)).toBe(result.events.repeats);
      for (const v of result.violations) {
        expect(v.platform).toEqual({ outcome: 'rejected', rule: 'R17' });
        expect(v.history.form).toBe('shrunk');
        const events = readFileSync(join(out, v.historyFile), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => JSON.parse(l) as { id: string });
        const id = v.cause.eventId;
        // The original and its retry are both there.
        expect(events.filter((e) => e.id === id)).toHaveLength(2);
        expect(v.history.events).toBeLessThanOrEqual(8);
      }
    } finally {
      await platform.close();
    }
  });

  test('a platform that accepts a reused id for another event is caught under R17', async () => {
    const platform = await startReuseAcceptingPlatform();
    try {
      const { code, result } = await run(platform);
      expect(code).toBe(1);
      const groups = result.violationGroups;
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) expect(g).toMatchObject({ kind: 'answer', rule: 'R17' });
      // Every reuse the rules refuse (affsim's own platform refuses the same ones, same seed).
      const right = await run(undefined);
      expect(groups.reduce((n, g) => n + g.count, 0)).toBe(right.result.events.rejectedByRule.R17);
      expect(groups.map((g) => g.title).join('\n')).toMatch(
        /the platform accepts \S+ events the model refuses \(R17\)/,
      );
    } finally {
      await platform.close();
    }
  });
});
