import { DECISION_FIELDS, type DecisionField, type PartialDecisionJson } from '../domain/decision-fields.js';
import { type AffEvent, EVENT_TYPES, type EventOf, type EventType } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { k6PartProblems } from './k6-part-shape.js';

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
  /**
   * Set by affsim, never by an adapter: the event's type is one the target declared `unsupported`,
   * so it was not sent. The checker applies the event to the model and does not compare this answer.
   */
  readonly unsupported?: boolean;
}

export { DECISION_FIELDS, type DecisionField, type PartialDecisionJson } from '../domain/decision-fields.js';

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
  /**
   * An order's decision (the Decision fields of RULES.md), or null when the platform has no such
   * order. Fields left out of `compare` may be absent.
   */
  readonly readDecision: (orderId: string, ctx: TargetContext) => Promise<PartialDecisionJson | null>;
  /** Many decisions at once, in the order asked; `readDecision` one by one when absent. */
  readonly readDecisions?: (
    orderIds: readonly string[],
    ctx: TargetContext,
  ) => Promise<readonly (PartialDecisionJson | null)[]>;
  /**
   * The Decision fields the service answers (DECISION_FIELDS); only those are compared with the
   * model's. Every field when absent.
   */
  readonly compare?: readonly DecisionField[];
  /**
   * Event types the service does not take (e.g. 'affiliate.registered'): they are not sent, the
   * model still applies them, and result.json counts them (`events.unsupported`). `send` needs no
   * sender for them.
   */
  readonly unsupported?: readonly EventType[];
  /**
   * Empties the service (or opens a fresh tenant) so a history replays on a clean service. Called
   * once, before the first day's traffic, by a run with a single shard and a single worker
   * (`affsim run --workers 1` without `--shard`): other runs leave the service as it is, since
   * each worker would otherwise empty what the others sent.
   */
  readonly reset?: (ctx: TargetContext) => Promise<void>;
  /**
   * What `affsim load` needs to run k6 against the service (docs/k6.md, "Your own endpoint"):
   * pure functions with no imports and no reference outside themselves, bundled into the k6
   * scripts. Without it, `affsim load --target-adapter` says what to add.
   */
  readonly k6?: K6Part;
}

/**
 * The k6 part of an adapter. Its functions run inside k6, not Node: affsim takes their source text,
 * so they may use only their own parameters and standard JavaScript (plus k6's `__ENV`).
 */
export interface K6Part {
  readonly attribution: K6AttributionRead;
  /** A trivial endpoint of the service, loaded at the same rate in the same run as the baseline. */
  readonly health?: { readonly path: string };
  /**
   * The write side, for the scripts that write (`ingest`, `mixed`): a new buyer's click and order
   * as the service's requests. A write is accepted when the service answers 2xx; what it wrote is
   * checked by reading the order's decision back through `attribution`.
   */
  readonly write?: K6Write;
}

export interface K6Write {
  readonly click: (event: EventOf<'click'>) => K6Request;
  readonly order: (event: EventOf<'order.created'>) => K6Request;
}

/** One request of the write side; `body` is sent as JSON, `headers` add to the attribution headers. */
export interface K6Request {
  readonly method: 'POST' | 'PUT' | 'PATCH';
  /** From the base URL, e.g. `/v1/visits`. */
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface K6AttributionRead {
  /** The read's path from the base URL, e.g. `/v1/orders/${encodeURIComponent(orderId)}/decision`. */
  readonly path: (orderId: string) => string;
  /** Request headers (e.g. an API key from `__ENV`): an object, or a function called per request. */
  readonly headers?: Readonly<Record<string, string>> | (() => Record<string, string>);
  /** The answer as the compared Decision fields (the adapter's `compare`); null: no such order. */
  readonly decision: (status: number, body: unknown) => PartialDecisionJson | null;
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
  if (d.reset !== undefined && typeof d.reset !== 'function')
    problems.push('reset: expected a function (ctx) => Promise<void>');
  if (d.k6 !== undefined) problems.push(...k6PartProblems(d.k6));
  if (d.compare !== undefined) {
    if (!Array.isArray(d.compare)) problems.push('compare: expected a list of Decision fields');
    else {
      const unknown = d.compare.filter((f) => !(DECISION_FIELDS as readonly unknown[]).includes(f));
      if (unknown.length > 0)
        problems.push(
          `compare: unknown field(s) ${unknown.map((f) => JSON.stringify(f)).join(', ')}; valid: ${DECISION_FIELDS.join(', ')}`,
        );
    }
  }
  let unsupported: readonly EventType[] = [];
  if (d.unsupported !== undefined) {
    if (!Array.isArray(d.unsupported)) problems.push('unsupported: expected a list of event types');
    else {
      const unknown = d.unsupported.filter((t) => !(EVENT_TYPES as readonly unknown[]).includes(t));
      if (unknown.length > 0)
        problems.push(
          `unsupported: unknown event type(s) ${unknown.map((t) => JSON.stringify(t)).join(', ')}; valid: ${EVENT_TYPES.join(', ')}`,
        );
      unsupported = d.unsupported;
    }
  }
  if (d.sendBatch === undefined) {
    const missing = EVENT_TYPES.filter((t) => !unsupported.includes(t) && typeof d.send?.[t] !== 'function');
    if (missing.length > 0)
      problems.push(
        `send: no sendBatch, so every event type${unsupported.length > 0 ? ' not unsupported' : ''} needs a sender; missing ${missing.join(', ')}`,
      );
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
  const unsupported = target.unsupported ?? [];
  if (events.some((e) => unsupported.includes(e.type))) {
    // Sent without the unsupported ones; each of those gets the marker answer, in its place.
    const sent = events.filter((e) => !unsupported.includes(e.type));
    const answers = await sendEvents({ ...target, unsupported: [] }, sent, ctx);
    let next = 0;
    return events.map((e) => (unsupported.includes(e.type) ? UNSUPPORTED : (answers[next++] as EventAnswer)));
  }
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

/** The answer for an event of a type the target does not take: not sent, not compared. */
const UNSUPPORTED: EventAnswer = Object.freeze({ accepted: true, unsupported: true });

export async function readDecisions(
  target: TargetDefinition,
  orderIds: readonly string[],
  ctx: TargetContext,
): Promise<readonly (PartialDecisionJson | null)[]> {
  if (orderIds.length === 0) return [];
  if (target.readDecisions) return target.readDecisions(orderIds, ctx);
  const out: (PartialDecisionJson | null)[] = [];
  for (const id of orderIds) out.push(await target.readDecision(id, ctx));
  return out;
}
