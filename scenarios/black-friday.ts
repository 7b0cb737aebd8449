import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * November: Singles' Day (11.11, AliExpress's biggest sales day) and Black Friday to Cyber Monday
 * (27–30 November 2026). Online sales on such days run at several times an ordinary day's (Adobe
 * Analytics and Alibaba's own 11.11 reports; the multipliers here are approximate), and shoppers
 * who arrive convert more often.
 */
export default defineScenario({
  name: 'black-friday',
  description: "November with bursts on Singles' Day (5× traffic) and Black Friday to Cyber Monday (4×)",
  start: '2026-11-01T00:00:00.000Z',
  days: 45,
  world: { stores: 300, affiliates: 2_500, buyers: 30_000 },
  bursts: [
    { name: "singles' day", fromDay: 10, days: 1, trafficMultiplier: 5, conversionMultiplier: 1.8 },
    {
      name: 'black friday to cyber monday',
      fromDay: 26,
      days: 4,
      trafficMultiplier: 4,
      conversionMultiplier: 1.5,
    },
  ],
});
