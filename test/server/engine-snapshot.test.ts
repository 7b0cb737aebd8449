import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeSnapshot, encodeSnapshot } from '../../server/durable/snapshot-codec.js';
import { UNBOUNDED_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine, type Engine, type EngineSnapshot, restoreEngine } from '../../server/engine/engine.js';
import { createMutantEngine, MUTANTS } from '../../server/mutants/index.js';
import { type ReportingEngine, withReports } from '../../server/reports/reporting-engine.js';
import { toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, type Policy, withOverrides } from '../../sim/domain/policy.js';
import { AFFILIATE_REPORTS, runReport, STORE_REPORTS } from '../../sim/domain/reports/index.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { deliverWithBuyerLag, parseRawEvents } from './_delivery.js';
import { click, pairStepArb, pairStepEvents, setup, T0 } from './_pair-world.js';

/**
 * Why: a durable platform restarts from its latest snapshot and replays only the journal rows
 * after it (server/durable). That is exact only if an engine restored from a snapshot taken after
 * any prefix of a history answers the rest of it, and every repeat of what came before (R17),
 * exactly as the engine that never stopped: the same answers, decisions, stats and reports. The
 * oracle is that uninterrupted engine, run on the same events; the snapshot goes through the real
 * codec (bytes and back), with pair expiry on and off.
 */
const engineOf = (policy: Policy, lagMs: number | undefined): ReportingEngine =>
  withReports(createEngine(policy, undefined, UNBOUNDED_CAPACITY, { pairExpiryLagMs: lagMs }));

function restored(policy: Policy, lagMs: number | undefined, from: Engine): ReportingEngine {
  const taken = from.snapshot?.();
  if (taken === undefined) throw new Error('the engine has no snapshot');
  const { body, digest } = encodeSnapshot(taken);
  const decoded = decodeSnapshot(body, digest);
  if (!decoded.ok) throw new Error(decoded.why);
  const { snapshot } = decoded;
  const inner = restoreEngine(policy, UNBOUNDED_CAPACITY, { pairExpiryLagMs: lagMs }, snapshot);
  return withReports(inner, undefined, snapshot.reports);
}

/** Everything a user can read of an engine: decisions, stats and every report of every store and affiliate. */
function observed(engine: ReportingEngine, events: readonly AffEvent[]) {
  const stores = [...new Set(events.flatMap((e) => (e.type === 'store.registered' ? [e.storeId] : [])))];
  const affiliates = [
    ...new Set(events.flatMap((e) => (e.type === 'affiliate.registered' ? [e.affiliateId] : []))),
  ];
  const reports = [
    ...stores.flatMap((id) => STORE_REPORTS.map((r) => runReport(engine.reports, 'store', id, r, {}))),
    ...affiliates.flatMap((id) =>
      AFFILIATE_REPORTS.map((r) => runReport(engine.reports, 'affiliate', id, r, {})),
    ),
  ];
  return {
    decisions: [...engine.decisions()].map(toDecisionJson),
    stats: engine.stats(),
    reports,
    bookRows: engine.reports.rows,
    dayTotals: engine.reports.dayTotals,
  };
}

/**
 * The oracle: the engine that never stopped. A snapshot taken after the first `cut` events and
 * restored goes on with the rest; every answer, then every repeat, and all it shows are equal.
 */
function expectRestartInvisible(
  policy: Policy,
  lagMs: number | undefined,
  events: readonly AffEvent[],
  cut: number,
): void {
  const straight = engineOf(policy, lagMs);
  const straightAnswers = events.map((e) => straight.submit(e));
  const first = engineOf(policy, lagMs);
  for (const e of events.slice(0, cut)) first.submit(e);
  const after = restored(policy, lagMs, first);
  expect(events.slice(cut).map((e) => after.submit(e))).toEqual(straightAnswers.slice(cut));
  expect(observed(after, events)).toEqual(observed(straight, events));
  // R17 across the restart: every id, from before and after the cut, keeps its answer.
  expect(events.map((e) => after.submit(e))).toEqual(events.map((e) => straight.submit(e)));
  expect(after.stats()).toEqual(straight.stats());
}

const hashOf = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0);

describe('an engine restored from a snapshot goes on as the one it was taken of', () => {
  test('any history, cut anywhere: the rest, every repeat, decisions, stats and reports are equal', () => {
    fc.assert(
      fc.property(
        historyArb(),
        fc.constantFrom(undefined, 0, DAY_MS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.constantFrom(0, DAY_MS, 3 * DAY_MS), { minLength: 1, maxLength: 4 }),
        (history, lagMs, cutAt, buyerLags) => {
          const policy = withOverrides(DEFAULT_POLICY, history.policy);
          // Buyers delivered behind each other, at times past the expiry lag (guarantee 4 broken):
          // late refusals and the expiry horizon must survive the restart too.
          const lagOf = (buyerId: string) => buyerLags[hashOf(buyerId) % buyerLags.length] as number;
          const events = deliverWithBuyerLag(parseRawEvents(history.events), lagOf);
          expectRestartInvisible(policy, lagMs, events, Math.floor(cutAt * events.length));
        },
      ),
      fcParams(200),
    );
  });

  test('windows that end, restart and expire around the cut, buyers behind each other: equal', () => {
    fc.assert(
      fc.property(
        fc.array(pairStepArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(1, 2, 7),
        fc.constantFrom('last-click', 'first-click'),
        fc.constantFrom(0, DAY_MS),
        fc.array(fc.constantFrom(0, DAY_MS, 3 * DAY_MS), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (steps, windowDays, credit, lagMs, buyerLags, cutAt) => {
          const policy = withOverrides(DEFAULT_POLICY, { windowDays, credit });
          const events = deliverWithBuyerLag(
            pairStepEvents(steps, windowDays),
            (buyerId) => buyerLags[Number(buyerId.slice(1))] as number,
          );
          expectRestartInvisible(policy, lagMs, events, Math.floor(cutAt * events.length));
        },
      ),
      fcParams(300),
    );
  });

  test('the R17 ledger restored in the middle of an index growth still finds every id', () => {
    // The index doubles at 97 ids and at 193, and moves its old slots over in the next 16 inserts:
    // a snapshot taken meanwhile holds both indexes and how far the move went.
    const events = setup(1, 1);
    for (let i = 0; i < 260; i += 1) events.push(click(`c${i}`, T0 + 1000 + i, i % 7, 0, 0));
    for (const cutAt of [90, 97, 100, 105, 112, 113, 120, 193, 200, 209, 240]) {
      expectRestartInvisible(DEFAULT_POLICY, DAY_MS, events, cutAt + events.length - 260);
    }
  });

  test('a snapshot of a restored engine restores again (a second restart after the first)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), fc.nat(), (history, a, b) => {
        const policy = withOverrides(DEFAULT_POLICY, history.policy);
        const events = [...parseRawEvents(history.events)].sort((x, y) => x.at - y.at);
        const [c1, c2] = [a % (events.length + 1), b % (events.length + 1)].sort((x, y) => x - y) as [
          number,
          number,
        ];
        const straight = engineOf(policy, DAY_MS);
        for (const e of events) straight.submit(e);
        let engine = engineOf(policy, DAY_MS);
        for (const e of events.slice(0, c1)) engine.submit(e);
        engine = restored(policy, DAY_MS, engine);
        for (const e of events.slice(c1, c2)) engine.submit(e);
        engine = restored(policy, DAY_MS, engine);
        for (const e of events.slice(c2)) engine.submit(e);
        expect(observed(engine, events)).toEqual(observed(straight, events));
      }),
      fcParams(100),
    );
  });

  test('the restored state is a copy: the engine it was taken of goes on without changing it', () => {
    const policy = DEFAULT_POLICY;
    const events = parseRawEvents(
      fc.sample(historyArb({ swarmKinds: false }), { seed: 7, numRuns: 1 })[0]?.events ?? [],
    ).sort((a, b) => a.at - b.at);
    const half = Math.floor(events.length / 2);
    const engine = engineOf(policy, undefined);
    for (const e of events.slice(0, half)) engine.submit(e);
    const copy = restored(policy, undefined, engine);
    const before = observed(copy, events);
    for (const e of events.slice(half)) engine.submit(e);
    expect(observed(copy, events)).toEqual(before);
  });

  test('a damaged or foreign snapshot is refused with its reason, never restored', () => {
    const engine = engineOf(DEFAULT_POLICY, undefined);
    const { body, digest } = encodeSnapshot(engine.snapshot?.() as EngineSnapshot);
    const flipped = Buffer.from(body);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    expect(decodeSnapshot(flipped, digest)).toMatchObject({ ok: false, why: /digest/ });
    const other = encodeSnapshot({ ...(engine.snapshot?.() as object), layout: 999 } as never);
    expect(decodeSnapshot(other.body, other.digest)).toMatchObject({ ok: false, why: /layout 999/ });
    const junk = Buffer.from('not a snapshot');
    expect(decodeSnapshot(junk, encodeSnapshot({} as never).digest)).toMatchObject({ ok: false });
  });

  test('a mutant has no snapshot: its rules may keep state of their own (its data dir replays in full)', () => {
    for (const mutant of MUTANTS) {
      expect(createMutantEngine(mutant.name, DEFAULT_POLICY).snapshot, mutant.name).toBeUndefined();
      expect(withReports(createMutantEngine(mutant.name, DEFAULT_POLICY)).snapshot).toBeUndefined();
    }
    expect(engineOf(DEFAULT_POLICY, undefined).snapshot).toBeTypeOf('function');
  });
});
