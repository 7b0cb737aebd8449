import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { defineTarget, type EventAnswer, sendEvents } from '../../sim/run/define-target.js';
import { parseFaultSpec } from '../../sim/run/fault-spec.js';
import { type AttemptPlan, FaultInjector, type RequestFaults } from '../../sim/targets/fault-injector.js';
import { reorderingTarget } from '../../sim/targets/fault-reordering.js';
import { createTargetContext } from '../../sim/targets/target-context.js';

/**
 * Why (issue 14): injected faults must be the same for the same seed (a faulted run replays), must
 * never fail every attempt of a request (the run completes within the retry budget), must mean
 * what they say on the wire (a dropped answer was applied, a duplicate arrives twice), and a
 * reorder may only swap events the engine's ordering guarantee lets arrive in either order.
 */
const SHARD = { index: 0, count: 1 };

describe('FaultInjector', () => {
  test('the same seed and shard draw the same faults; another seed or shard others', () => {
    const spec = parseFaultSpec('drop=0.2,dup=0.1,timeout=0.1,delay=0.3:5ms');
    const plans = (seed: number, shard = SHARD) => {
      const f = new FaultInjector(spec, seed, shard);
      return Array.from({ length: 200 }, () => f.attempt(true));
    };
    expect(plans(7)).toEqual(plans(7));
    expect(plans(7)).not.toEqual(plans(8));
    expect(plans(7)).not.toEqual(plans(7, { index: 1, count: 2 }));
  });

  test("a request's last attempt is never failed; a duplicate or a delay may still come; counts match the plans", () => {
    const f = new FaultInjector(parseFaultSpec('drop=0.5,timeout=0.5,delay=0.5:1ms'), 3, SHARD);
    const last = Array.from({ length: 500 }, () => f.attempt(false));
    expect(last.every((p) => p.fault === undefined)).toBe(true);
    expect(last.some((p) => p.delayMs === 1)).toBe(true);
    const g = new FaultInjector(parseFaultSpec('drop=0.2,dup=0.2,timeout=0.2'), 3, SHARD);
    const kinds = Array.from({ length: 1000 }, () => g.attempt(true).fault?.kind);
    const n = (k: string) => kinds.filter((x) => x === k).length;
    expect(g.report().injected).toEqual({
      dropBefore: n('drop-before'),
      dropAfter: n('drop-after'),
      dup: n('dup'),
      timeout: n('timeout'),
      delay: 0,
      reorder: 0,
    });
    // Each near its rate (±5 points of 1000 draws: far beyond chance, a fixed seed anyway).
    for (const [k, p] of [
      ['drop-before', 0.1],
      ['drop-after', 0.1],
      ['dup', 0.2],
      ['timeout', 0.2],
    ] as const)
      expect(Math.abs(n(k) / 1000 - p)).toBeLessThan(0.05);
  });
});

describe('createTargetContext with faults: what reaches the platform', () => {
  let deliveries: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      deliveries.push(body);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ delivery: deliveries.length }));
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Faults given attempt by attempt, recording whether each attempt was allowed to fail. */
  const scripted = (plans: AttemptPlan[]) => {
    const mayFail: boolean[] = [];
    let retries = 0;
    const faults: RequestFaults = {
      attempt(may) {
        mayFail.push(may);
        return plans.shift() ?? { delayMs: 0, fault: undefined };
      },
      retried() {
        retries += 1;
      },
    };
    return { faults, mayFail, retries: () => retries };
  };

  const cases: [string, AttemptPlan[], number, number][] = [
    // [name, plans, deliveries, the delivery whose answer the client gets]
    ['drop before: not delivered, retried', [{ delayMs: 0, fault: { kind: 'drop-before' } }], 1, 1],
    ['drop after: delivered, answer lost, retried', [{ delayMs: 0, fault: { kind: 'drop-after' } }], 2, 2],
    ['dup: delivered twice, the first answer kept', [{ delayMs: 0, fault: { kind: 'dup' } }], 2, 1],
    ['timeout after the platform got it', [{ delayMs: 0, fault: { kind: 'timeout', applied: true } }], 2, 2],
    [
      'timeout before the platform got it',
      [{ delayMs: 0, fault: { kind: 'timeout', applied: false } }],
      1,
      1,
    ],
  ];
  test.each(cases)('%s', async (_name, plans, delivered, answered) => {
    deliveries = [];
    const s = scripted(plans);
    const { ctx, close } = createTargetContext(url, DEFAULT_POLICY, { backoffMs: 10_000 }, s.faults);
    try {
      const answer = await ctx.request('POST', '/events', { id: 'e1' });
      expect(deliveries).toEqual(Array(delivered).fill('{"id":"e1"}'));
      expect(answer.body).toEqual({ delivery: answered });
      // A retry after an injected fault skips the backoff (10 s here: the test would time out).
      expect(s.retries()).toBe(s.mayFail.length - 1);
      expect(s.mayFail.at(-1)).toBe(s.mayFail.length < 3);
    } finally {
      await close();
    }
  });

  test('consecutive faults end at the last attempt: the request succeeds', async () => {
    deliveries = [];
    const f = new FaultInjector(parseFaultSpec('drop=0.5:before'), 1, SHARD);
    const { ctx, close } = createTargetContext(url, DEFAULT_POLICY, {}, f);
    try {
      for (let i = 0; i < 40; i += 1) await ctx.request('POST', '/x', { id: `e${i}` });
      expect(f.report().injected.dropBefore).toBeGreaterThan(10);
      expect(deliveries).toHaveLength(40);
    } finally {
      await close();
    }
  });
});

describe('reorderingTarget: swaps only what the ordering guarantee allows', () => {
  const at = 1_000;
  const click = (id: string, buyerId: string, storeId: string): AffEvent => ({
    id,
    at,
    type: 'click',
    buyerId,
    storeId,
    affiliateId: 'a1',
    channel: 'search',
  });
  const seller = (id: string, storeId: string): AffEvent => ({ id, at, type: 'store.withdrew', storeId });
  const order = (id: string, orderId: string, buyerId: string, storeId: string): AffEvent => ({
    id,
    at,
    type: 'order.created',
    orderId,
    buyerId,
    storeId,
    lines: [{ productId: 'p1', amountCents: 100 }],
  });
  const complete = (id: string, orderId: string): AffEvent => ({ id, at, type: 'order.completed', orderId });

  test('answers come back in the run order; seller events, one buyer, one store and one id never trade places', async () => {
    const sent: AffEvent[] = [];
    const target = defineTarget({
      name: 'recorder',
      async sendBatch(events) {
        sent.push(...events);
        return events.map((e): EventAnswer => ({ accepted: true, rule: e.id }));
      },
      readDecision: async () => null,
    });
    const events: AffEvent[] = [];
    for (let i = 0; i < 400; i += 1) {
      const b = `b${i % 7}`;
      const s = `s${i % 5}`;
      if (i % 13 === 0) events.push(seller(`w${i}`, s));
      else if (i % 11 === 0) events.push(order(`oc${i}`, `o${i}`, b, s));
      else if (i % 17 === 0) events.push(complete(`od${i}`, `o${i - (i % 11)}`));
      else events.push(click(i % 29 === 0 ? `dup${i % 2}` : `c${i}`, b, s));
    }
    const faults = new FaultInjector(parseFaultSpec('reorder=0.5'), 5, SHARD);
    const ctx = createTargetContext('http://127.0.0.1:9', DEFAULT_POLICY).ctx;
    const answers = await sendEvents(reorderingTarget(target, faults), events, ctx);
    expect(answers.map((a) => a.rule)).toEqual(events.map((e) => e.id));
    expect(sent).toHaveLength(events.length);
    const swaps = faults.report().injected.reorder;
    expect(swaps).toBeGreaterThan(20);
    // Every difference is an adjacent swap of two independent buyer events (an order's later
    // events are its creation's buyer's and store's).
    const created = new Map(events.flatMap((e) => (e.type === 'order.created' ? [[e.orderId, e]] : [])));
    const scope = (e: AffEvent) => {
      const of = 'orderId' in e && e.type !== 'order.created' ? created.get(e.orderId) : e;
      return of !== undefined && 'buyerId' in of ? [of.buyerId, of.storeId] : undefined;
    };
    let moved = 0;
    for (let i = 0; i < events.length; i += 1) {
      if (sent[i] === events[i]) continue;
      const [a, b] = [events[i] as AffEvent, events[i + 1] as AffEvent];
      expect([sent[i], sent[i + 1]]).toEqual([b, a]);
      const [sa, sb] = [scope(a), scope(b)];
      expect(sa && sb).toBeDefined();
      expect(sa?.[0]).not.toBe(sb?.[0]);
      expect(sa?.[1]).not.toBe(sb?.[1]);
      expect(a.id).not.toBe(b.id);
      moved += 1;
      i += 1;
    }
    expect(moved).toBe(swaps);
  });
});
