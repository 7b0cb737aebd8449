import type { DecisionJson } from '../domain/decision.js';
import type { AffEvent, EventType } from '../domain/events.js';
import type { ViolationCause } from './run-result.js';

/**
 * What a violation is traced to (issue 10, "Violations traced to their cause"), and the
 * fingerprint that groups violations alike. Pure functions of the violation's own facts.
 */

/**
 * Decision fields in causal order, each with the one rule that decides it: the credited click
 * (R9, R8, R6) comes before the rates it locks (R10), which come before the refunds, the lifecycle
 * and the amounts computed from them (R14, R12, R13). The first differing field in this order is
 * the decision's cause when no answer diverged before it.
 */
const CAUSAL_FIELDS: readonly (readonly [field: string, rule: string])[] = [
  ['(missing)', 'R16'],
  ['attributed', 'R9'],
  ['reason', 'R9'],
  ['affiliateId', 'R8'],
  ['clickAt', 'R8'],
  ['windowEndsAt', 'R6'],
  ['lines.length', 'R16'],
  ['lines[].productId', 'R16'],
  ['lines[].amountCents', 'R16'],
  ['lines[].tier', 'R10'],
  ['lines[].rateBps', 'R10'],
  ['lines[].refundedCents', 'R14'],
  ['status', 'R12'],
  ['lines[].commissionCents', 'R13'],
  ['commissionCents', 'R13'],
];

/** The rule an event type's own refusal falls under (RULES.md, "Edge cases": several rules refuse one event). */
const EVENT_RULES: Readonly<Record<EventType, string>> = {
  'store.registered': 'R16',
  'affiliate.registered': 'R16',
  'store.joined': 'R1',
  'store.withdrew': 'R2',
  'store.defaultRateSet': 'R4',
  'store.mainProductSet': 'R4',
  'store.mainProductRemoved': 'R4',
  'store.categoryRateSet': 'R4',
  click: 'R5',
  'order.created': 'R16',
  'order.completed': 'R16',
  'order.cancelled': 'R16',
  'order.refunded': 'R14',
};

/** `lines[2].tier` → `lines[].tier`; duplicates dropped; in causal order (unknown paths last, sorted). */
export function fieldKinds(fields: readonly string[]): string[] {
  const kinds = [...new Set(fields.map((f) => f.replace(/^lines\[\d+\]/, 'lines[]')))];
  const rank = (f: string) => {
    const i = CAUSAL_FIELDS.findIndex(([name]) => name === f);
    return i === -1 ? CAUSAL_FIELDS.length : i;
  };
  return kinds.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export interface AnswerView {
  readonly accepted: boolean;
  readonly rule?: string | undefined;
}

/** `accepted`, `refused under R2`: what an answer did, for the sentences of a cause. */
export function answerVerb(a: AnswerView): string {
  return a.accepted ? 'accepted' : `refused${a.rule ? ` under ${a.rule}` : ''}`;
}

/** The diverging answer itself: what the platform did with the event, what the model did. */
export function answerCause(event: AffEvent, model: AnswerView, platform: AnswerView): ViolationCause {
  const rule = model.rule ?? platform.rule ?? EVENT_RULES[event.type];
  const did = (a: AnswerView, what: string) => answerVerb(a).replace(/^(accepted|refused)/, `$1 ${what}`);
  const text = `the platform ${did(platform, `${event.id} (${event.type})`)}; the model ${did(model, 'it')}`;
  return { kind: 'answer', rule, text, eventId: event.id };
}

/** A decision that follows from an earlier diverging answer: that answer is its cause. */
export function followsFrom(answer: ViolationCause): ViolationCause {
  return { ...answer, text: `follows from an earlier answer: ${answer.text}` };
}

/** No answer diverged: the first differing field in causal order, with the rule deciding it. */
export function fieldCause(
  fields: readonly string[],
  model: DecisionJson | null,
  platform: DecisionJson | null,
): ViolationCause {
  const field = fieldKinds(fields)[0] ?? '(missing)';
  const rule = CAUSAL_FIELDS.find(([name]) => name === field)?.[1] ?? 'R16';
  if (field === '(missing)') {
    const text =
      model === null
        ? 'the platform has a decision for an order the model never accepted'
        : 'the platform has no decision for an order the model accepted';
    return { kind: 'field', rule, field, text };
  }
  const side = (d: DecisionJson | null) => JSON.stringify(fieldValue(d, field));
  return {
    kind: 'field',
    rule,
    field,
    text: `${field}: the model says ${side(model)} (${rule}), the platform ${side(platform)}`,
  };
}

/** A field's value in a decision; for a line field (`lines[].x`), every line's value in order. */
function fieldValue(d: DecisionJson | null, field: string): unknown {
  if (d === null) return null;
  if (field === 'lines.length') return d.lines.length;
  if (field.startsWith('lines[].')) {
    const key = field.slice('lines[].'.length) as keyof DecisionJson['lines'][number];
    return d.lines.map((l) => l[key]);
  }
  return d[field as keyof DecisionJson];
}

/**
 * Violations alike share a fingerprint: kind, differing fields, rule and kind of cause (an
 * answer's also its event type and which way it went; a decision that follows from an answer, that
 * answer's fingerprint).
 */
export function answerFingerprint(
  event: AffEvent,
  fields: readonly string[],
  cause: ViolationCause,
  platformAccepted: boolean,
): string {
  return `answer ${event.type} ${platformAccepted ? 'accepted' : 'refused'} ${fields.join(',')} ${cause.rule}`;
}

export function decisionFingerprint(cause: ViolationCause, causedBy: string | undefined): string {
  // Keyed by the cause, not by every differing field: one misread rule makes orders differ in more
  // or fewer downstream fields (a zero commission, a status), and they are still one thing to fix.
  return causedBy === undefined ? `decision ${cause.field} ${cause.rule}` : `decision after (${causedBy})`;
}

/** One line for an answer group: which events, which way, under which rule. */
export function answerTitle(event: AffEvent, model: AnswerView, platform: AnswerView, rule: string): string {
  if (platform.accepted) return `the platform accepts ${event.type} events the model refuses (${rule})`;
  if (model.accepted) return `the platform refuses ${event.type} events the model accepts (${rule})`;
  return `the platform refuses ${event.type} events under ${platform.rule ?? 'no rule'} where the model's rule is ${rule}`;
}

/** What the rule a credited click breaks is about. */
const CREDIT_WORDS: Readonly<Record<string, string>> = {
  R5: 'clicks made while the store was not a member',
  R6: 'clicks whose window had ended',
  R7: 'clicks into another store',
  R8: 'not the click the credit policy names',
};

/** One line for a decision group. */
export function decisionTitle(cause: ViolationCause): string {
  if (cause.kind === 'answer') return `decisions that follow from a diverging answer (${cause.rule})`;
  if (cause.field === 'credited click')
    return `the platform credits clicks the model does not credit (${cause.rule}: ${CREDIT_WORDS[cause.rule] ?? 'credit'})`;
  return `decisions whose ${cause.field} differs (${cause.rule})`;
}
