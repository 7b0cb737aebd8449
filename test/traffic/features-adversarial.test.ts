import { describe, expect, it } from 'vitest';
import adversarial from '../../scenarios/adversarial.js';
import { withOverrides } from '../../sim/domain/policy.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import type { Outcome } from '../../sim/model/state.js';
import type { AdversarialKnobs } from '../../sim/scenario/adversarial-knobs.js';
import { defineScenario } from '../../sim/scenario/define-scenario.js';
import type { ScenarioSpec } from '../../sim/scenario/scenario-schema.js';
import {
  longestChain,
  maxFloodBeforeOrder,
  maxOrdersAtEdges,
  maxSameInstantAffiliates,
  maxStoresPerBuyerDay,
  RATE_TYPES,
  SETTING_TYPES,
  sameDayPairs,
  spanLandings,
  withRate,
} from './_adversarial-facts.js';
import { countBy } from './_history-facts.js';
import { run, small } from './_small.js';

/**
 * Why: a checker catches a platform's one-rule bug only if some traffic reaches the rule's edge;
 * these are the edges ordinary traffic never reaches (issue 11, "adversarial"). Each shape is
 * asserted present with its knob on, and absent from the same world with every shape off.
 */
const WORLD = { stores: 220, affiliates: 300, buyers: 2_000 };
const variant = (knobs: ScenarioSpec['adversarial'], extra: Partial<ScenarioSpec> = {}) =>
  small(defineScenario({ ...adversarial.spec, ...extra, adversarial: knobs }), WORLD);

const on = run(small(adversarial, WORLD), 3);
const off = run(variant({}), 3);
const knobs = on.scenario.adversarial as AdversarialKnobs;

describe('adversarial: the policy breaks the defaults’ coincidences', () => {
  it('has three different spans, calendar days and narrower rate bounds', () => {
    const { policy } = on.scenario;
    expect(new Set([policy.windowDays, policy.minMembershipDays, policy.rejoinCooldownDays]).size).toBe(3);
    expect(policy.dayBoundary).toBe('calendar');
    expect(policy.rateBounds).toEqual({ minBps: 50, maxBps: 7_500 });
  });
});

describe('rates on the bounds and just outside (rateBoundsShare)', () => {
  const { minBps, maxBps } = on.scenario.policy.rateBounds;

  it.each(RATE_TYPES)(
    '%s: min and max accepted, min − 1 and max + 1 refused (R1 join, R4 setting)',
    (type) => {
      const rule = type === 'store.joined' ? 'R1' : 'R4';
      for (const rateBps of [minBps, maxBps]) {
        const outcomes = withRate(on, type, rateBps);
        expect(outcomes.length, `${type} at ${rateBps}`).toBeGreaterThan(3);
        expect(outcomes.filter((o) => o !== 'ok' && o !== 'R1' && o !== 'R4')).toEqual([]);
        expect(outcomes).toContain('ok');
      }
      for (const rateBps of [minBps - 1, maxBps + 1]) {
        const outcomes = withRate(on, type, rateBps);
        expect(outcomes.length, `${type} at ${rateBps}`).toBeGreaterThan(3);
        expect(new Set(outcomes)).toEqual(new Set([rule]));
      }
    },
  );

  it('off: no rate lies on a bound (out-of-bounds ones come from invalidSettingProbability alone)', () => {
    for (const type of RATE_TYPES) {
      expect(withRate(off, type, minBps)).toEqual([]);
      expect(withRate(off, type, maxBps)).toEqual([]);
    }
  });
});

describe('setting changes preceded the same day by orders of the affected product (sameDaySettingShare)', () => {
  const pairs = sameDayPairs(on);

  it.each(SETTING_TYPES)('%s: orders created before it that day, recorded after it', (type) => {
    expect(pairs.filter((p) => p.setting.type === type && p.tier !== null).length).toBeGreaterThan(20);
  });

  it('a removed main product’s earlier orders keep the main rate: history is versioned (R4, R10)', () => {
    const removals = pairs.filter((p) => p.setting.type === 'store.mainProductRemoved');
    expect(removals.filter((p) => p.tier === 'main').length).toBeGreaterThan(100);
    // 1 ms before the change too, the last instant of the old rate.
    expect(removals.some((p) => p.tier === 'main' && p.order.at === p.setting.at - 1)).toBe(true);
  });

  it('off: far fewer (only the setting edges’ orders 1 ms before a change, and chance)', () => {
    const offPairs = sameDayPairs(off).filter((p) => p.tier !== null);
    expect(offPairs.length * 10).toBeLessThan(pairs.length);
  });
});

describe('withdrawals and rejoins on the edges of the other spans (wrongSpanShare)', () => {
  const landings = spanLandings(on);
  const count = (l: typeof landings) => countBy(l, (x) => `${x.change} ${x.span} ${x.offsetMs} ${x.outcome}`);

  it('refused attempts at the shorter spans’ edges, accepted changes 1 ms before the longer ones’', () => {
    const c = count(landings);
    // window 7 < membership 10 < cooldown 20 (calendar days)
    expect(c['withdrawal windowDays 0 R2']).toBeGreaterThan(0);
    expect(c['withdrawal rejoinCooldownDays -1 ok']).toBeGreaterThan(0);
    expect(c['rejoin minMembershipDays 0 R1']).toBeGreaterThan(0);
    expect(c['rejoin windowDays 1 R1']).toBeGreaterThan(0);
    // and on their own edges as before: −1 refused, 0 and +1 accepted
    expect(c['withdrawal minMembershipDays -1 R2']).toBeGreaterThan(0);
    expect(c['rejoin rejoinCooldownDays 0 ok']).toBeGreaterThan(0);
  });

  it('so a platform computing the cooldown from minMembershipDays answers differently', () => {
    const confused = withOverrides(on.scenario.policy, {
      rejoinCooldownDays: on.scenario.policy.minMembershipDays,
    });
    const differ: string[] = [];
    evaluateHistory(on.events, confused, ({ event }, outcome) => {
      const original = on.outcomes.get(event.id) as Outcome;
      if (event.type === 'store.joined' && outcome !== 'repeat' && outcome.kind !== original.kind)
        differ.push(event.id);
    });
    expect(differ.length).toBeGreaterThan(5);
  });

  it('off: nothing at the other spans’ edges', () => {
    const offWrong = spanLandings(off).filter(
      (l) => l.span !== (l.change === 'withdrawal' ? 'minMembershipDays' : 'rejoinCooldownDays'),
    );
    expect(offWrong).toEqual([]);
  });
});

describe('click crowds (sameInstantClicks, clickFlood)', () => {
  it('several affiliates click one (buyer, store) at one instant (R8 ties)', () => {
    expect(maxSameInstantAffiliates(on.events)).toBeGreaterThanOrEqual(knobs.sameInstantClicks.affiliates);
    expect(maxSameInstantAffiliates(off.events)).toBeLessThan(3);
  });

  it('one affiliate floods clicks just before a checkout, the last at the order or 1 ms before', () => {
    expect(maxFloodBeforeOrder(on.events)).toBeGreaterThanOrEqual(knobs.clickFlood.clicks);
    expect(maxFloodBeforeOrder(off.events)).toBeLessThan(5);
  });
});

describe('long chains and many-store buyers (longChain, multiStoreBuyers)', () => {
  it('chains of hundreds of clicks, each inside the previous window (R6)', () => {
    expect(longestChain(on)).toBeGreaterThanOrEqual(knobs.longChain.clicks);
    expect(longestChain(off)).toBeLessThan(30);
  });

  it('a buyer clicks into hundreds of stores in a day (R7)', () => {
    expect(maxStoresPerBuyerDay(on)).toBeGreaterThanOrEqual(knobs.multiStoreBuyers.stores);
    expect(maxStoresPerBuyerDay(off)).toBeLessThan(20);
  });
});

describe('bursts of orders on edges (edgeBursts)', () => {
  it('at a window end, a join and a withdrawal, −1/0/+1 ms', () => {
    const atEdges = maxOrdersAtEdges(on);
    // Each burst's orders cycle through the three instants: a third of them on each.
    for (const kind of ['windowEnd', 'join', 'withdrawal'] as const)
      expect(atEdges[kind], kind).toBeGreaterThanOrEqual(Math.floor(knobs.edgeBursts.orders / 3));
    const offEdges = maxOrdersAtEdges(off);
    for (const kind of ['windowEnd', 'join', 'withdrawal'] as const)
      expect(offEdges[kind], kind).toBeLessThan(3);
  });
});

describe('every shape is deterministic and leaves the others alone', () => {
  it('the same seed gives the same events', () => {
    expect(run(small(adversarial, { ...WORLD, buyers: 300 }), 5).events).toEqual(
      run(small(adversarial, { ...WORLD, buyers: 300 }), 5).events,
    );
  });

  it('switching a session shape on adds its sessions and changes no other event', () => {
    const plain = run(variant({}, { days: 20 }), 4);
    const flooded = run(variant({ clickFlood: { share: 0.2, clicks: 5 } }, { days: 20 }), 4);
    const lines = new Set(flooded.events.map((e) => JSON.stringify(e)));
    expect(plain.events.filter((e) => !lines.has(JSON.stringify(e)))).toEqual([]);
    expect(flooded.events.length).toBeGreaterThan(plain.events.length + 1_000);
  });
});
