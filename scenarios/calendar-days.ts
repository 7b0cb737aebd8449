import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * `dayBoundary=calendar` in Los Angeles across the start of daylight saving time (8 March 2026,
 * 02:00 → 03:00): windows and membership spans end at local midnights, so a window over the change
 * is an hour shorter than 15 × 24 h. Edge sessions place orders at the calendar window ends ±1 ms.
 */
export default defineScenario({
  name: 'calendar-days',
  description: 'Calendar-day spans in America/Los_Angeles across the March 2026 DST change',
  policy: { dayBoundary: 'calendar', timeZone: 'America/Los_Angeles' },
  // Local midnight in Los Angeles (UTC−8 before the change).
  start: '2026-02-20T08:00:00.000Z',
  days: 40,
  world: { stores: 200, affiliates: 1_500, buyers: 25_000 },
  sellers: { joinSpreadDays: 10, withdrawal: { probability: 0.4 }, rejoin: { probability: 0.6 } },
  edges: { bias: 0.1 },
});
