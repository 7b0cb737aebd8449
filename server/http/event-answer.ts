import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CAPACITY_STATUS, LATE_STATUS } from '../../sim/domain/api-limits.js';
import { durationText } from '../../sim/domain/duration-text.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DAY_MS, formatInstant } from '../../sim/domain/instant.js';
import { type CapacityRefusal, capacityMessage } from '../engine/capacity.js';
import type { Answer, Effect, LateRefusal } from '../engine/outcome.js';
import { makeProblem, type Problem } from './problem.js';

/** What an accepted event is answered with; the fields depend on what the event did. */
export interface AcceptedJson {
  readonly id: string;
  readonly type: AffEvent['type'];
  readonly outcome: 'accepted';
  readonly qualifying?: boolean;
  readonly window?: 'started' | 'restarted';
  readonly windowEndsAt?: string;
  readonly rule?: 'R5';
  readonly message?: string;
  readonly orderId?: string;
  readonly attributed?: boolean;
  readonly attribution?: string;
  /** A registration's answer: the new seller's or affiliate's bearer token (R18). */
  readonly token?: string;
}

export interface RenderedAnswer {
  readonly status: ContentfulStatusCode;
  readonly body: AcceptedJson | Problem;
  /** R17: a repeat is answered with the original answer; this flag only sets a header. */
  readonly repeat: boolean;
}

/**
 * The HTTP form of an engine answer, shared by every event route and the batch endpoint so an
 * event gets the same answer whichever way it arrives. A rule refusal is 422 naming the rule
 * (R3); reuse of an event id for another event is 409 (R17).
 */
export function renderAnswer(event: AffEvent, answer: Answer): RenderedAnswer {
  if (answer.refused)
    return { status: CAPACITY_STATUS, body: capacityProblem(event, answer.refused), repeat: false };
  if (answer.late) return { status: LATE_STATUS, body: lateProblem(event, answer.late), repeat: false };
  const { outcome } = answer;
  if (outcome.kind === 'rejected') {
    const kind = outcome.rule === 'R17' ? 'id-conflict' : 'rule-violation';
    const status = outcome.rule === 'R17' ? 409 : 422;
    return {
      status,
      body: makeProblem(kind, status, outcome.message, { rule: outcome.rule, eventId: event.id }),
      repeat: answer.repeat,
    };
  }
  return {
    status: 200,
    body: { id: event.id, type: event.type, outcome: 'accepted', ...effectJson(outcome.effect) },
    repeat: answer.repeat,
  };
}

/**
 * 507 Insufficient Storage, not 503 + Retry-After: nothing frees with time (the platform keeps
 * what it accepted), only a raised limit or another server helps, and the body says which flag.
 * Not 422/409 either: no rule refused the event, and its id stays free (R17).
 */
function capacityProblem(event: AffEvent, r: CapacityRefusal): Problem {
  const raised = Math.max(r.max * 2, r.used + r.adds);
  const flag = `--limit ${r.limit}=${raised}`;
  return makeProblem(
    'capacity-exhausted',
    CAPACITY_STATUS,
    `${capacityMessage(r)}; nothing was applied and the event id ${event.id} is not taken: send it again to a server with room (affsim serve ${flag})`,
    { eventId: event.id, limit: r.limit, max: r.max, flag },
  );
}

/** The log line and the problem's detail of a late refusal (pair expiry, outcome.ts LateAnswer). */
export function lateMessage(event: AffEvent, late: LateRefusal): string {
  const who = 'buyerId' in event ? `buyer ${event.buyerId} in store ${event.storeId}` : 'its pair';
  return `the window state of ${who} was dropped (pair expiry): event ${event.id} at ${formatInstant(event.at)} is more than the pair expiry lag (${durationText(late.lagMs)}) behind the latest buyer event, so its R6-R9 answer is no longer known; events taken from ${formatInstant(late.horizonMs)} on`;
}

/**
 * 410 Gone: what the event needs (its pair's window chain) is gone for good on this server; no
 * retry here helps, only a server with a longer lag. Its id stays free (R17), nothing is applied.
 */
function lateProblem(event: AffEvent, late: LateRefusal): Problem {
  const flag = `--pair-expiry-lag ${durationText(Math.max(late.lagMs * 2, DAY_MS))}`;
  return makeProblem(
    'pair-expired',
    LATE_STATUS,
    `${lateMessage(event, late)}; nothing was applied and the event id is not taken: send buyer events closer to time order, or to a server with a longer lag (affsim serve ${flag}, or off)`,
    { eventId: event.id, horizon: formatInstant(late.horizonMs), lag: durationText(late.lagMs), flag },
  );
}

function effectJson(effect: Effect): Partial<AcceptedJson> {
  switch (effect.type) {
    case 'recorded':
      return {};
    case 'click':
      return effect.qualifying
        ? { qualifying: true, window: effect.window, windowEndsAt: formatInstant(effect.windowEndsAtMs) }
        : { qualifying: false, rule: effect.rule, message: effect.message };
    case 'order-created':
      return {
        orderId: effect.orderId,
        attributed: effect.attributed,
        attribution: `/orders/${encodeURIComponent(effect.orderId)}/attribution`,
      };
  }
}
