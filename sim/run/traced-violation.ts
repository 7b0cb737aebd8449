import type { DecisionJson } from '../domain/decision.js';
import type { AffEvent } from '../domain/events.js';
import type { AnswerFault } from './answer-faults.js';
import type { Violation, ViolationCause } from './run-result.js';
import type { GroupFacts } from './violation-book.js';
import {
  type AnswerView,
  answerCause,
  answerFingerprint,
  answerTitle,
  answerVerb,
  decisionFingerprint,
  decisionTitle,
  fieldCause,
  fieldKinds,
  followsFrom,
} from './violation-cause.js';
import { rulesOfFields } from './violation-rules.js';

/** A violation with its cause and what it says about its group, as the checker records it. */
export interface Traced {
  readonly violation: Violation;
  readonly group: GroupFacts;
}

/** A violation's file fields, filled in once its history is written (violation-files.ts). */
const UNWRITTEN = {
  historyFile: '',
  history: { events: 0, supersetEvents: 0, form: 'superset' },
  replay: '',
  check: '',
} as const satisfies Pick<Violation, 'historyFile' | 'history' | 'replay' | 'check'>;

const view = (a: AnswerView) =>
  a.accepted ? { outcome: 'accepted' } : { outcome: 'rejected', ...(a.rule ? { rule: a.rule } : {}) };

/**
 * An answer that differs from the model's. One that diverges after an earlier one in the same
 * store, pair or order (`earlier`) follows from it (an early withdrawal makes the later real one
 * refused): linked to that root, like decisions. One of the root's own kind is the same bug again,
 * not a consequence: its own root. `fault` is what to remember for the violations that follow.
 */
export function tracedAnswer(
  event: AffEvent,
  model: AnswerView,
  platform: AnswerView,
  earlier: AnswerFault | undefined,
): Traced & { readonly fault: AnswerFault } {
  const fields = model.accepted === platform.accepted ? ['rule'] : ['outcome'];
  const own = answerCause(event, model, platform);
  const ownFingerprint = answerFingerprint(event, fields, own, platform.accepted);
  const ownTitle = answerTitle(event, model, platform, own.rule);
  const root = earlier?.fingerprint === ownFingerprint ? undefined : earlier;
  const cause = root ? followsFrom(root.cause) : own;
  const fingerprint = root ? `${ownFingerprint} after (${root.fingerprint})` : ownFingerprint;
  return {
    fault: root ?? { cause, fingerprint, atMs: event.at },
    violation: {
      fingerprint,
      cause,
      rules: [...new Set([model.rule, platform.rule].filter((r): r is string => r !== undefined))].sort(),
      kind: 'answer',
      subject: event.id,
      fields,
      model: view(model),
      platform: view(platform),
      ...UNWRITTEN,
    },
    group: {
      fingerprint,
      kind: 'answer',
      rule: cause.rule,
      fields,
      cause: 'answer',
      ...(root ? { causedBy: root.fingerprint } : {}),
      title: root ? `${ownTitle}, following from an earlier answer (${root.cause.rule})` : ownTitle,
    },
  };
}

/**
 * An answer to a repeat of an event id (same payload) that is not the original answer: R17 says a
 * repeat is acknowledged with the original answer, which is the model's answer to the original.
 */
export function tracedRepeat(event: AffEvent, original: AnswerView, platform: AnswerView): Traced {
  const fields = original.accepted === platform.accepted ? ['rule'] : ['outcome'];
  const cause = {
    kind: 'answer' as const,
    rule: 'R17',
    text: `the platform ${answerVerb(platform)} a repeat of ${event.id} (${event.type}); R17: a repeat gets the original answer, ${answerVerb(original)}`,
    eventId: event.id,
  };
  const fingerprint = `answer ${event.type} repeat ${platform.accepted ? 'accepted' : 'refused'} ${fields.join(',')} R17`;
  return {
    violation: {
      fingerprint,
      cause,
      rules: ['R17'],
      kind: 'answer',
      subject: `${event.id} (repeat)`,
      fields,
      model: view(original),
      platform: view(platform),
      ...UNWRITTEN,
    },
    group: {
      fingerprint,
      kind: 'answer',
      rule: 'R17',
      fields,
      cause: 'answer',
      title: `the platform answers repeats of ${event.type} events otherwise than their original (R17)`,
    },
  };
}

/**
 * A decision that differs in `differing` fields: traced to the diverging answer it follows from
 * (`fault`), else to the click the platform credited when that says why (`credited`,
 * credited-click.ts), else to its first differing field.
 */
export function tracedDecision(
  orderId: string,
  differing: readonly string[],
  model: DecisionJson | null,
  platform: DecisionJson | null,
  fault: AnswerFault | undefined,
  credited: ViolationCause | undefined,
): Traced {
  const cause = fault ? followsFrom(fault.cause) : (credited ?? fieldCause(differing, model, platform));
  const fingerprint = decisionFingerprint(cause, fault?.fingerprint);
  return {
    violation: {
      fingerprint,
      cause,
      rules: rulesOfFields(differing),
      kind: 'decision',
      subject: orderId,
      fields: differing,
      model,
      platform,
      ...UNWRITTEN,
    },
    group: {
      fingerprint,
      kind: 'decision',
      rule: cause.rule,
      fields: fieldKinds(differing),
      cause: cause.kind,
      ...(fault ? { causedBy: fault.fingerprint } : {}),
      title: decisionTitle(cause),
    },
  };
}
