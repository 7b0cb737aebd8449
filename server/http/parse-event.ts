import { type AffEvent, EVENT_TYPES, eventSchemas, isEventType } from '../../sim/domain/events.js';
import { quotedValue } from '../../sim/domain/excerpt.js';
import { typeName } from '../../sim/domain/instant.js';
import { fieldProblem, invalidRequest, type Problem } from './problem.js';

/** Any event of EVENTS.md from untrusted JSON, chosen by its `type`; a problem names the field otherwise. */
export function parseEvent(
  value: unknown,
  where: 'body' | `body.events[${number}]`,
): { ok: true; event: AffEvent } | { ok: false; problem: Problem } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: fieldProblem(where, `expected an event object, got ${typeName(value)}`) };
  }
  const { type } = value as { type?: unknown };
  if (!isEventType(type)) {
    const message =
      type === undefined
        ? 'missing field (expected an event type)'
        : `unknown event type ${quotedValue(type)} (known: ${EVENT_TYPES.join(', ')})`;
    return { ok: false, problem: fieldProblem(`${where}.type`, message) };
  }
  const parsed = eventSchemas[type].safeParse(value, { reportInput: true });
  return parsed.success
    ? { ok: true, event: parsed.data as AffEvent }
    : { ok: false, problem: invalidRequest(where, parsed.error) };
}
