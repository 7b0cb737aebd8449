import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS, builtInScenario } from '../../scenarios/index.js';
import { listScenarios } from '../../scenarios/list-scenarios.js';
import { swarmScenario } from '../../scenarios/swarm.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { defineScenario, ScenarioError, type ScenarioSpec } from '../../sim/scenario/define-scenario.js';
import { withChanges } from '../../sim/scenario/with-changes.js';

function issuesOf(spec: unknown): { path: string; message: string }[] {
  try {
    defineScenario(spec as ScenarioSpec);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return [...(e as ScenarioError).issues];
  }
  throw new Error('expected the scenario to be refused');
}

describe('defineScenario', () => {
  it('fills every default and freezes the result', () => {
    const s = defineScenario({ name: 'tiny', description: 'A tiny run' });
    expect(s.policy).toEqual(DEFAULT_POLICY);
    expect(s.days).toBe(90);
    expect(s.startMs).toBe(Date.parse('2026-01-05T00:00:00.000Z'));
    expect(s.endMs).toBe(s.startMs + 90 * DAY_MS);
    expect(s.buyers.conversion).toBe(0.03);
    expect(s.sellers.withdrawal.probability).toBe(0.2);
    expect(s.edges.mix.windowEnd).toBe(1);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.buyers.reclick)).toBe(true);
    expect(Object.isFrozen(s.policy.rateBounds)).toBe(true);
  });

  it('applies policy overrides over the RULES.md defaults', () => {
    const s = defineScenario({
      name: 'p',
      description: 'p',
      policy: { credit: 'first-click', rateBounds: '5..500' },
    });
    expect(s.policy.credit).toBe('first-click');
    expect(s.policy.rateBounds).toEqual({ minBps: 5, maxBps: 500 });
    expect(s.policy.windowDays).toBe(15);
    expect(s.policyOverrides).toEqual({ credit: 'first-click', rateBounds: { minBps: 5, maxBps: 500 } });
  });

  it('names the field of every problem', () => {
    const issues = issuesOf({
      name: 'Bad Name',
      description: 'two\nlines',
      days: 0,
      policy: { windowDays: 0 },
      world: { productsPerStore: { min: 10, max: 5 } },
      buyers: { conversion: 1.5, conversoin: 0.1 },
      bursts: [{ name: 'late', fromDay: 500 }],
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'description',
        'days',
        'policy.windowDays',
        'world.productsPerStore.max',
        'buyers.conversion',
        'buyers.conversoin',
      ]),
    );
    expect(issues.find((i) => i.path === 'buyers.conversion')?.message).toMatch(/probability/);
    expect(issues.find((i) => i.path === 'buyers.conversoin')?.message).toMatch(/unknown field/);
  });

  it('checks fields against each other', () => {
    expect(issuesOf({ name: 'b', description: 'b', days: 10, bursts: [{ name: 'x', fromDay: 10 }] })).toEqual(
      [{ path: 'bursts[0].fromDay', message: "expected a day inside the scenario's 10 days" }],
    );
    expect(issuesOf({ name: 'c', description: 'c', world: { categories: 2 } })[0]?.path).toBe(
      'world.categoriesPerStore.max',
    );
    expect(issuesOf({ name: 'm', description: 'm', buyers: { channelMix: { sns: 0 } } })[0]?.path).toBe(
      'buyers.channelMix',
    );
  });

  it('puts the scenario name and each field in the error message', () => {
    expect(() => defineScenario({ name: 'named', description: 'd', days: -1 })).toThrow(
      /invalid scenario "named":\n {2}days: /,
    );
  });

  it('makes variants through the same validation', () => {
    const s = withChanges(BUILT_IN_SCENARIOS['black-friday'] as never, { days: 20, world: { buyers: 10 } });
    expect(s.days).toBe(20);
    expect(s.world.buyers).toBe(10);
    expect(s.bursts.map((b) => b.fromDay)).toEqual([10]);
    expect(() => withChanges(s, { world: { buyers: 0 } })).toThrow(/world\.buyers/);
  });

  it('says in the description of a variant what was overridden, and only that', () => {
    const baseline = BUILT_IN_SCENARIOS.baseline as never;
    const s = withChanges(baseline, { days: 30, world: { buyers: 3000 } });
    expect(s.description).toBe(
      'Ninety days of an ordinary marketplace under the default policy (400 stores, 50,000 buyers) (overridden: 3,000 buyers, 30 days)',
    );
    // The spec keeps the written description (and its length limit): the suffix is never doubled.
    expect(s.spec.description).toBe(BUILT_IN_SCENARIOS.baseline?.description);
    expect(withChanges(s, { world: { stores: 1 } }).description.match(/overridden/g)).toHaveLength(1);
    // Overrides equal to the scenario's own figures change nothing.
    expect(withChanges(baseline, { days: 90, world: { buyers: 50_000 } }).description).toBe(
      'Ninety days of an ordinary marketplace under the default policy (400 stores, 50,000 buyers)',
    );
  });

  it('draws swarm scenarios from a seed, reproducibly', () => {
    expect(swarmScenario(3)).toEqual(swarmScenario(3));
    expect(swarmScenario(3).policy).not.toEqual(swarmScenario(4).policy);
  });
});

describe('built-in scenarios', () => {
  it('are the nine of the issue, the adversarial one and the swarm, listed with one-line descriptions', () => {
    expect(listScenarios().map((s) => s.name)).toEqual([
      'baseline',
      'boundary-storm',
      'withdrawal-wave',
      'rate-churn',
      'black-friday',
      'legacy-category-rates',
      'first-click',
      'calendar-days',
      'post-withdrawal-honor',
      'adversarial',
      'swarm',
    ]);
    for (const { description } of listScenarios()) expect(description).not.toMatch(/\n/);
    expect(builtInScenario('baseline')?.name).toBe('baseline');
    expect(builtInScenario('toString')).toBeUndefined();
  });

  it('set the policies their names promise', () => {
    const policy = (name: string) =>
      (builtInScenario(name) as NonNullable<ReturnType<typeof builtInScenario>>).policy;
    expect(policy('first-click').credit).toBe('first-click');
    expect(policy('calendar-days').dayBoundary).toBe('calendar');
    expect(policy('legacy-category-rates').categoryRates).toBe('enabled');
    expect(policy('post-withdrawal-honor').postWithdrawalOrders).toBe('honor-click-window');
    const { windowDays, minMembershipDays, rejoinCooldownDays } = policy('adversarial');
    expect(new Set([windowDays, minMembershipDays, rejoinCooldownDays]).size).toBe(3);
    expect(policy('baseline')).toEqual(DEFAULT_POLICY);
  });
});
