import { describe, expect, it } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import type { EventAnswer, TargetContext, TargetDefinition } from '../../sim/run/define-target.js';
import { readDecisionsInParallel, sendInParallel } from '../../sim/run/parallel-send.js';

/**
 * Why: the preload compares answer i with the model's answer to event i, so answers sent in
 * parallel must come back in the events' order however the service's answers interleave; and a
 * failing service must stop the preload (exit 3) rather than leave requests running behind it.
 */

const ctx = { baseUrl: 'http://unused', policy: DEFAULT_POLICY } as unknown as TargetContext;

/** Clicks of different buyers into different stores: nothing orders them, so all may be in flight. */
const clicks = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      ({
        id: `c${i}`,
        at: i,
        type: 'click',
        buyerId: `b${i}`,
        affiliateId: 'a1',
        storeId: `s${i}`,
      }) as AffEvent,
  );

/** A target whose click answers resolve in the order `release` is called, recording the peak in flight. */
function manualTarget(answer: (e: AffEvent) => EventAnswer | Error) {
  const pending: (() => void)[] = [];
  let inFlight = 0;
  let peak = 0;
  const target = {
    name: 'manual',
    send: {
      click: (e: AffEvent) =>
        new Promise<EventAnswer>((resolve, reject) => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          pending.push(() => {
            inFlight -= 1;
            const a = answer(e);
            if (a instanceof Error) reject(a);
            else resolve(a);
          });
        }),
    },
    readDecision: async (orderId: string) => ({ orderId, attributed: orderId.endsWith('1') }),
  } as unknown as TargetDefinition;
  /** Answers the newest request first: the reverse of their order. */
  const releaseAll = async () => {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const next = pending.pop();
      if (next === undefined) return;
      next();
    }
  };
  return { target, releaseAll, peak: () => peak, started: () => pending.length };
}

describe('sendInParallel', () => {
  it('answers in the events’ order when the service answers them in reverse, never more than the concurrency at once', async () => {
    const events = clicks(20);
    const t = manualTarget((e) =>
      Number(e.id.slice(1)) % 3 === 0 ? { accepted: false, rule: 'R5' } : { accepted: true },
    );
    const sending = sendInParallel(t.target, events, ctx, 5);
    await t.releaseAll();
    const answers = await sending;
    expect(answers.map((a) => a.accepted)).toEqual(events.map((_, i) => i % 3 !== 0));
    expect(t.peak()).toBe(5);
  });

  it('stops starting events after a failure, waits for those in flight, and throws that failure', async () => {
    const events = clicks(50);
    let answered = 0;
    const t = manualTarget((e) => {
      answered += 1;
      return e.id === 'c3' ? new Error('service down') : { accepted: true };
    });
    const sending = sendInParallel(t.target, events, ctx, 4);
    const failed = expect(sending).rejects.toThrow('service down');
    await t.releaseAll();
    await failed;
    // c3 fails while c0..c2 are in flight (answered newest first): nothing after them is started.
    expect(answered).toBe(4);
  });
});

describe('readDecisionsInParallel', () => {
  it('reads every decision, in the order asked', async () => {
    const t = manualTarget(() => ({ accepted: true }));
    const ids = Array.from({ length: 30 }, (_, i) => `o${i}`);
    const decisions = await readDecisionsInParallel(t.target, ids, ctx, 7);
    expect(decisions.map((d) => d?.orderId)).toEqual(ids);
    expect(decisions.map((d) => d?.attributed)).toEqual(ids.map((id) => id.endsWith('1')));
  });
});
