import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { EVENT_TYPES } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import type { HttpAnswer, TargetContext, TargetDefinition } from '../../sim/run/define-target.js';
import { LatencyHistogram } from '../../sim/run/latency-histogram.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { runShard, type ShardTask } from '../../sim/run/shard-run.js';
import { affsimTarget } from '../../sim/targets/affsim-target.js';

/**
 * Why: an adapter that sends one event a request is how users point affsim at their own service.
 * Sent one after another, a run measures the simulator's round trips, not the service; with the
 * worker's connections in flight at once, the arrival order must still keep inside the engine's
 * ordering guarantee, so affsim's own (correct) platform still shows no violation, and the result
 * is the one-at-a-time run's.
 */

const out = mkdtempSync(join(tmpdir(), 'affsim-transport-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** affsim's platform in-process behind a one-event-a-request adapter whose answers come back out of order. */
function oneByOne(seed: number) {
  // Without credentials: what is tested is the arrival order, not R18.
  let app = createApp({ auth: NO_AUTH });
  let inFlight = 0;
  let peak = 0;
  let next = seed;
  // A seeded jitter (0–3 ms) so requests overtake one another as on a real network.
  const jitter = () => {
    next = (Math.imul(next, 1_103_515_245) + 12_345) >>> 0;
    return new Promise<void>((r) => setTimeout(r, next % 4));
  };
  const ctx: TargetContext = {
    baseUrl: 'http://in-process',
    policy: undefined as unknown as Policy,
    async request(method, path, body) {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        await jitter();
        const r = await app.request(path, {
          method,
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        });
        const text = await r.text();
        return { status: r.status, headers: {}, body: text === '' ? null : JSON.parse(text) } as HttpAnswer;
      } finally {
        inFlight -= 1;
      }
    },
  };
  const send = (e: Parameters<NonNullable<typeof affsimTarget.sendBatch>>[0][number], c: TargetContext) =>
    (affsimTarget.sendBatch as NonNullable<typeof affsimTarget.sendBatch>)([e], c).then((a) => a[0]);
  const target: TargetDefinition = {
    name: 'one-by-one',
    send: Object.fromEntries(EVENT_TYPES.map((t) => [t, send])) as TargetDefinition['send'],
    readDecision: (id, c) => affsimTarget.readDecision(id, c),
    async reset() {
      app = createApp({ auth: NO_AUTH });
    },
  };
  return { target, ctx, peak: () => peak };
}

async function run(inFlight: number): Promise<{ result: RunResult; peak: number }> {
  const service = oneByOne(7);
  const task: ShardTask = {
    scenario: { builtIn: 'boundary-storm' },
    changes: { days: 20, world: { stores: 20, affiliates: 60, buyers: 1500 } },
    seed: 11,
    shard: { index: 0, count: 1 },
    baseUrl: 'http://in-process',
    outDir: join(out, `in-flight-${inFlight}`),
    examplesPerGroup: 1,
    replay: 'affsim run baseline --seed 11',
    version: 'test',
    targetLabel: 'in-process one-by-one',
    worker: 0,
    workers: 1,
  };
  const result = await runShard(task, async (policy) => ({
    target: service.target,
    ctx: { ...service.ctx, policy },
    latency: LatencyHistogram.empty(),
    inFlight,
    close: async () => {},
  }));
  return { result, peak: service.peak() };
}

/** What must not depend on how the requests overlapped: everything but the wall clock. */
const checked = ({ timing: _, ...rest }: RunResult) => rest;

describe('a one-event-a-request adapter gets the worker connections in flight (shard-run transport)', () => {
  it('keeps several requests in flight, never more than asked, and gives the one-at-a-time result', async () => {
    const serial = await run(1);
    const parallel = await run(16);
    expect(serial.peak).toBe(1);
    expect(parallel.peak).toBeGreaterThan(1);
    expect(parallel.peak).toBeLessThanOrEqual(16);
    expect(parallel.result.incomplete).toBeUndefined();
    expect(parallel.result.events.sent).toBeGreaterThan(2000);
    // affsim's platform is correct: any violation would be an arrival order the guarantee forbids.
    expect(parallel.result.violationGroups).toEqual([]);
    expect(checked(parallel.result)).toEqual(checked(serial.result));
  }, 120_000);
});
