import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../sim/run/run-result.js';
import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { affsim } from '../cli/run-cli.js';

/**
 * Why (issue 11): every worker of a run delivers the whole seller timeline through its own
 * connection, so each seller event reaches the platform once per worker — duplicate deliveries
 * across shards. A platform whose idempotency is per instance answers the second delivery of a
 * join as a conflict (409, R17) where R17 says a repeat gets the original answer again. Only a
 * checker that compares seller answers on every shard sees it; and a platform that answers a
 * seller event wrongly on every delivery is still one violation per event, whatever `--workers`.
 */
function startPerInstanceIdempotency(rewrite: (r: BatchResult, type: string) => BatchResult) {
  return startPlatformDouble(async (request) => {
    const answer = await request.forward(request.body);
    if (request.url !== '/events/batch' || request.body === undefined || answer.status !== 200) return answer;
    const { events } = JSON.parse(request.body) as { events: { type: string }[] };
    const { results } = JSON.parse(answer.text) as { results: BatchResult[] };
    return {
      status: 200,
      text: JSON.stringify({ results: results.map((r, i) => rewrite(r, events[i]?.type ?? '')) }),
    };
  });
}

interface BatchResult {
  readonly status: number;
  readonly repeat: boolean;
  readonly body: Record<string, unknown>;
}

const CONFLICT: BatchResult = {
  status: 409,
  repeat: false,
  body: { rule: 'R17', detail: 'R17: duplicate event id (seen by another instance)' },
};

const ADAPTER = 'test/run/fixtures/resettable-target.ts';

async function runOn(
  platform: PlatformDouble,
  workers: number,
  ...more: string[]
): Promise<{ code: number; result: RunResult; out: string }> {
  const out = mkdtempSync(join(tmpdir(), 'affsim-deliveries-'));
  const { code } = await affsim(
    'run',
    'baseline',
    '--seed',
    '4',
    '--buyers',
    '800',
    '--days',
    '10',
    '--workers',
    String(workers),
    '--target',
    platform.url,
    '--out',
    out,
    ...more,
  );
  return { code, out, result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult };
}

describe('seller answers compared on every shard (built CLI)', () => {
  let repeatsRefused: PlatformDouble;
  let joinsRefused: PlatformDouble;
  let firstsRefused: PlatformDouble;
  beforeAll(async () => {
    repeatsRefused = await startPerInstanceIdempotency((r, type) =>
      type === 'store.joined' && r.repeat ? CONFLICT : r,
    );
    firstsRefused = await startPerInstanceIdempotency((r, type) =>
      type === 'store.joined' && r.status === 200 && !r.repeat ? CONFLICT : r,
    );
    joinsRefused = await startPerInstanceIdempotency((r, type) =>
      type === 'store.joined' && r.status === 200
        ? { ...CONFLICT, body: { rule: 'R1', detail: 'R1: no' } }
        : r,
    );
  });
  afterAll(async () => {
    await repeatsRefused.close();
    await joinsRefused.close();
    await firstsRefused.close();
  });

  /** Joins the model accepts that the platform refused, on at least one delivery. */
  const acceptedJoinsRefused = (r: RunResult) =>
    r.violationGroups
      .filter((g) => g.fingerprint.startsWith('answer store.joined refused outcome '))
      .reduce((n, g) => n + g.count, 0);

  test('a repeat delivery answered otherwise than the original is caught on whichever worker got it', async () => {
    // The baseline for the count: a platform refusing every join the model accepts, on every
    // delivery, with one worker (one delivery each).
    const every = await runOn(joinsRefused, 1);
    const joins = acceptedJoinsRefused(every.result);
    expect(joins).toBeGreaterThan(10);
    // Refusing only the later deliveries, or only the first: each join is caught once, whichever
    // worker won the race for its first delivery (comparing on worker 0 only finds one or the other).
    for (const workers of [2, 3]) {
      const { code, result } = await runOn(repeatsRefused, workers);
      expect(code).toBe(1);
      expect(acceptedJoinsRefused(result)).toBe(joins);
      const answers = result.violationGroups.filter((g) => g.kind === 'answer');
      expect(answers[0]).toMatchObject({
        fingerprint: 'answer store.joined refused outcome R17',
        rule: 'R17',
      });
      // Joins the model refuses under R1 are refused under R17 on their later deliveries too.
      for (const g of answers) expect(g.fingerprint).toMatch(/^answer store\.joined refused /);
    }
    const firsts = await runOn(firstsRefused, 2);
    expect(firsts.code).toBe(1);
    expect(acceptedJoinsRefused(firsts.result)).toBe(joins);
  });

  test("the history of a later delivery's wrong answer delivers the event twice, and affsim check shows it", async () => {
    // With a reset the coordinator shrinks: the store's timeline alone does not show a repeat
    // answered wrongly, the timeline with the join delivered twice does.
    const { code, result, out } = await runOn(repeatsRefused, 2, '--target-adapter', ADAPTER);
    expect(code).toBe(1);
    const v = result.violations.find((x) => x.fingerprint === 'answer store.joined refused outcome R17');
    expect(v?.history.form).toBe('shrunk');
    const file = join(out, v?.historyFile as string);
    const ids = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.filter((id) => id === v?.subject)).toHaveLength(2);
    const check = await affsim('check', file, '--target', repeatsRefused.url, '--target-adapter', ADAPTER);
    expect(check.code, check.stderr).toBe(1);
    expect(check.stdout).toContain(`${v?.subject} (repeat)`);
  });

  test('a seller answer wrong on every delivery counts once, with 1 worker or 3', async () => {
    const one = await runOn(joinsRefused, 1);
    const three = await runOn(joinsRefused, 3);
    expect(one.code).toBe(1);
    expect(three.code).toBe(1);
    const answerCounts = (r: RunResult) =>
      r.violationGroups.filter((g) => g.kind === 'answer').map((g) => [g.fingerprint, g.count]);
    expect(answerCounts(three.result)).toEqual(answerCounts(one.result));
    expect(answerCounts(one.result).length).toBeGreaterThan(0);
    expect(three.result.daily.map((d) => d.violations)).toEqual(one.result.daily.map((d) => d.violations));
  });
});
