import { z } from 'zod';
import { parseInstant } from '../domain/instant.js';
import { POLICY_DAYS_MAX, policyOverridesSchema } from '../domain/policy.js';
import { adversarialKnobs } from './adversarial-knobs.js';
import { buyerKnobs } from './buyer-knobs.js';
import { burstKnobs, edgeKnobs } from './edge-knobs.js';
import { count } from './knob-types.js';
import { sellerKnobs } from './seller-knobs.js';
import { worldKnobs } from './world-knobs.js';

/** How many bursts one scenario may name (a limit on everything). */
export const BURSTS_MAX = 100;
/** A scenario's simulated period: the policy's ten-year limit on spans bounds it too. */
export const SCENARIO_DAYS_MAX = POLICY_DAYS_MAX;
export const DEFAULT_START = '2026-01-05T00:00:00.000Z';

const startInstant = z
  .union([z.string(), z.number()])
  .default(DEFAULT_START)
  .transform((value, ctx): number => {
    const parsed = parseInstant(value);
    if (parsed.ok) return parsed.ms;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  });

/**
 * A scenario (issue 5, "Scenarios"): the policy it runs under, the simulated period, the world's
 * sizes and every behaviour knob, each defaulted. `defineScenario` validates with this schema.
 */
export const scenarioSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case name like "black-friday"')
      .max(60),
    description: z
      .string()
      .min(1, 'expected a one-line description')
      .max(160, 'expected a one-line description of at most 160 characters')
      .refine((d) => !/[\r\n]/.test(d), 'expected a one-line description'),
    /** RULES.md policy keys that differ from the defaults. */
    policy: policyOverridesSchema.default({}),
    /** First instant of day 0: ISO-8601 with a zone designator, or epoch ms. */
    start: startInstant,
    days: count(1, SCENARIO_DAYS_MAX).default(90),
    world: worldKnobs.prefault({}),
    sellers: sellerKnobs.prefault({}),
    buyers: buyerKnobs.prefault({}),
    bursts: z.array(burstKnobs).max(BURSTS_MAX).default([]),
    edges: edgeKnobs.prefault({}),
    /** Adversarial shapes of traffic (rates on the bounds, same-day settings, click crowds…), all off by default. */
    adversarial: adversarialKnobs.prefault({}),
  })
  .superRefine((s, ctx) => {
    s.bursts.forEach((b, i) => {
      if (b.fromDay >= s.days) {
        ctx.addIssue({
          code: 'custom',
          path: ['bursts', i, 'fromDay'],
          message: `expected a day inside the scenario's ${s.days} days`,
        });
      }
    });
  });

export type ScenarioSpec = z.input<typeof scenarioSchema>;
export type ScenarioKnobs = z.output<typeof scenarioSchema>;
