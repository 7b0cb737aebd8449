import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import adversarial from '../../scenarios/adversarial.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { withChanges } from '../../sim/scenario/with-changes.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { affsim } from '../cli/run-cli.js';

const DAYS = 30;
const BUYERS = 1_500;

/** The rule refusing each out-of-bounds rate of the run's traffic, as the model says, counted. */
function outOfBoundsRefusals(): Record<string, number> {
  const scenario = withChanges(adversarial, { days: DAYS, world: { buyers: BUYERS } });
  const { minBps, maxBps } = scenario.policy.rateBounds;
  const rateOf = (e: AffEvent) =>
    e.type === 'store.joined' ? e.defaultRateBps : 'rateBps' in e ? e.rateBps : undefined;
  const refusals: Record<string, number> = {};
  evaluateHistory([...createSimulation(scenario, 1).events()], scenario.policy, ({ event }, outcome) => {
    const rateBps = rateOf(event);
    if (rateBps === undefined || (rateBps >= minBps && rateBps <= maxBps)) return;
    if (outcome !== 'repeat' && outcome.kind === 'rejected')
      refusals[outcome.rule] = (refusals[outcome.rule] ?? 0) + 1;
  });
  return refusals;
}

/**
 * Why: the adversarial scenario is only worth running if affsim's own platform passes it (else it
 * cries wolf) and if its traffic does reach the edges it is built for: here, the rate bounds.
 */
describe('affsim run adversarial (built CLI)', () => {
  test('passes against the in-process platform, which refuses the out-of-bounds rates (R1, R4)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'affsim-adversarial-'));
    const r = await affsim(
      'run',
      'adversarial',
      '--seed',
      '1',
      '--buyers',
      String(BUYERS),
      '--days',
      String(DAYS),
      '--workers',
      '1',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('rateBounds=50..7500');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.violations).toEqual([]);
    expect(result.scenario.name).toBe('adversarial');
    const expected = outOfBoundsRefusals();
    // Joins at min − 1 or max + 1 are refused under R1, settings under R4; the platform refused each.
    expect(expected.R1).toBeGreaterThan(5);
    expect(expected.R4).toBeGreaterThan(20);
    expect(result.events.rejectedByRule.R1).toBeGreaterThanOrEqual(expected.R1 as number);
    expect(result.events.rejectedByRule.R4).toBeGreaterThanOrEqual(expected.R4 as number);
  });
});
