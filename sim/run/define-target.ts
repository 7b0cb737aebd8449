import type { DecisionJson } from '../domain/decision.js';
import { type AffEvent, EVENT_TYPES, type EventOf, type EventType } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';

/**
 * How the simulator talks to a platform (issue 5, "Targets"): how to send each event type and how
 * to read a decision. The built-in adapter speaks affsim's own API; a user points the simulator at
 * their attribution service with a small file exporting `defineTarget({...})` (`--target-adapter`).
 */

/** A platform's answer to one event: accepted, or refused by a rule (R3); `repeat` for an R17 replay. */
export interface EventAnswer {
  readonly accepted: boolean;
  /** The refusing rule id, when the platform names one (compared with the model's when present). */
  readonly rule?: string;
  readonly repeat?: boolean;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

/** What an adapter gets: the platform's base URL, the run's policy, and a keep-alive HTTP client. */
export interface TargetContext {
  readonly baseUrl: string;
  readonly policy: Policy;
  /**
   * JSON in, JSON out (undici, keep-alive). A 4xx is the adapter's to read; connection errors,
   * timeouts and 5xx are tried again with the same request, then throw a TargetError (the run ends,
   * exit 3: a failing platform is not a violation).
   */
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<HttpAnswer>;
}

type PerType = { readonly [T in EventType]: (event: EventOf<T>, ctx: TargetContext) => Promise<EventAnswer> };

export interface TargetDefinition {
  readonly name: string;
  /** Sends events in order, one answer each, in order. When absent, `send` is used one event at a time. */
  readonly sendBatch?: (events: readonly AffEvent[], ctx: TargetContext) => Promise<readonly EventAnswer[]>;
  /** How to send each event type; required for every type unless `sendBatch` is given. */
  readonly send?: Partial<PerType>;
  /** An order's decision (the Decision fields of RULES.md), or null when the platform has no such order. */
  readonly readDecision: (orderId: string, ctx: TargetContext) => Promise<DecisionJson | null>;
  /** Many decisions at once, in the order asked; `readDecision` one by one when absent. */
  readonly readDecisions?: (
    orderIds: readonly string[],
    ctx: TargetContext,
  ) => Promise<readonly (DecisionJson | null)[]>;
}

export class TargetDefinitionError extends Error {}

/** Checks an adapter up front, so a mistake in a user's file is named before any traffic is sent. */
export function defineTarget(definition: TargetDefinition): TargetDefinition {
  const problems: string[] = [];
  const d = definition as Partial<TargetDefinition> | null;
  if (d === null || typeof d !== 'object')
    throw new TargetDefinitionError('defineTarget: expected an object');
  if (typeof d.name !== 'string' || d.name === '') problems.push('name: expected a non-empty string');
  if (typeof d.readDecision !== 'function')
    problems.push('readDecision: expected a function (orderId, ctx) => decision');
  if (d.readDecisions !== undefined && typeof d.readDecisions !== 'function')
    problems.push('readDecisions: expected a function');
  if (d.sendBatch !== undefined && typeof d.sendBatch !== 'function')
    problems.push('sendBatch: expected a function');
  if (d.sendBatch === undefined) {
    const missing = EVENT_TYPES.filter((t) => typeof d.send?.[t] !== 'function');
    if (missing.length > 0)
      problems.push(`send: no sendBatch, so every event type needs a sender; missing ${missing.join(', ')}`);
  }
  if (problems.length > 0) throw new TargetDefinitionError(`defineTarget: ${problems.join('; ')}`);
  return Object.freeze({ ...definition });
}

/** Sends events through whichever way the adapter offers. */
export async function sendEvents(
  target: TargetDefinition,
  events: readonly AffEvent[],
  ctx: TargetContext,
): Promise<readonly EventAnswer[]> {
  if (events.length === 0) return [];
  if (target.sendBatch) {
    const answers = await target.sendBatch(events, ctx);
    if (answers.length !== events.length) {
      throw new Error(
        `target ${target.name}: sendBatch answered ${answers.length} of ${events.length} events`,
      );
    }
    return answers;
  }
  const answers: EventAnswer[] = [];
  for (const event of events) {
    const sender = target.send?.[event.type] as (e: AffEvent, c: TargetContext) => Promise<EventAnswer>;
    answers.push(await sender(event, ctx));
  }
  return answers;
}

export async function readDecisions(
  target: TargetDefinition,
  orderIds: readonly string[],
  ctx: TargetContext,
): Promise<readonly (DecisionJson | null)[]> {
  if (orderIds.length === 0) return [];
  if (target.readDecisions) return target.readDecisions(orderIds, ctx);
  const out: (DecisionJson | null)[] = [];
  for (const id of orderIds) out.push(await target.readDecision(id, ctx));
  return out;
}
