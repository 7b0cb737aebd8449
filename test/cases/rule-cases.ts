import { ATTRIBUTION_CASES } from './_cases-attribution.js';
import { CALENDAR_CASES } from './_cases-calendar.js';
import { COMMISSION_CASES } from './_cases-commission.js';
import { IDEMPOTENCY_CASES } from './_cases-idempotency.js';
import { LIFECYCLE_CASES } from './_cases-lifecycle.js';
import { MEMBERSHIP_CASES } from './_cases-membership.js';
import { RATE_CASES } from './_cases-rates.js';
import { SETTINGS_CASES } from './_cases-settings.js';
import { WINDOW_CASES } from './_cases-window.js';
import type { RuleCase } from './_rule-case.js';

export type { ExpectedDecision, RuleCase } from './_rule-case.js';

/**
 * Histories whose outcomes were worked out by hand from RULES.md, never copied from an engine:
 * an independent check of the reference model, and the same table runs against any engine
 * (see `history-evaluator.ts`).
 */
export const RULE_CASES: readonly RuleCase[] = [
  ...MEMBERSHIP_CASES,
  ...SETTINGS_CASES,
  ...WINDOW_CASES,
  ...CALENDAR_CASES,
  ...ATTRIBUTION_CASES,
  ...RATE_CASES,
  ...COMMISSION_CASES,
  ...LIFECYCLE_CASES,
  ...IDEMPOTENCY_CASES,
];
