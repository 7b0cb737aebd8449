import { check } from 'k6';
import http from 'k6/http';
import {
  type FixtureManifest,
  isoOrNull,
  type Target,
  targetDecision,
} from '../../../sim/fixtures/fixture-format.js';
import { AUTH_HEADERS, AUTH_JSON_HEADERS } from './auth-headers.js';
import { checkDecision, jsonBody, showMismatch } from './decision-checks.js';
import { ENDPOINTS } from './endpoint.js';
import { currentIteration, type Iteration } from './iteration.js';
import { type JourneyClick, journeyEvents, windowEndAfter } from './journey-events.js';

export interface JourneyContext {
  readonly baseUrl: string;
  readonly manifest: FixtureManifest;
  readonly runId: string;
}

/** How the buyer clicks: an event to the ingestion API, or following the affiliate's promotion link. */
export type ClickVia = { readonly kind: 'events' } | { readonly kind: 'link'; readonly url: string };

interface ClickAnswer {
  readonly qualifying?: boolean;
  readonly window?: string;
  readonly windowEndsAt?: string;
  readonly rule?: string;
}

interface OrderAnswer {
  readonly orderId?: string;
  readonly attributed?: boolean;
  readonly attribution?: string;
}

/**
 * One new buyer's visit: a click into the target's store (unless the target has none), an order a
 * few minutes later, and the order's attribution read back; every answer is checked against the
 * target's expected answers. The buyer and the order are new in every iteration, so the answers
 * are known whatever else is written meanwhile, and preloaded orders are never touched.
 */
export function buyerJourney(ctx: JourneyContext, target: Target, via: ClickVia): void {
  const it = currentIteration(ctx.runId, ctx.manifest);
  const events = journeyEvents(target, it);
  const { buyerId, orderId } = events;
  // null: no window; undefined: a window whose end the client cannot know (calendar days, link click).
  let windowEndsAtMs: number | null | undefined = null;
  if (target.click !== null) {
    windowEndsAtMs =
      via.kind === 'events'
        ? clickEvent(ctx, target, events.click as JourneyClick)
        : followLink(ctx, target, via.url, it, buyerId);
  }
  const created = http.post(
    `${ctx.baseUrl}/orders`,
    // POST /orders takes the order.created event without its type (JSON drops the undefined).
    JSON.stringify({ ...events.order, type: undefined }),
    { headers: AUTH_JSON_HEADERS, tags: ENDPOINTS.orders },
  );
  const order = jsonBody(created) as OrderAnswer | null;
  check(created, {
    'order: 200': (r) => r.status === 200,
    'order: not a replay': (r) => r.headers['Idempotent-Replayed'] === undefined,
    'order: attributed as expected': () =>
      order?.orderId === orderId && order.attributed === target.expect.decision.attributed,
    'order: links its attribution': () => order?.attribution === `/orders/${orderId}/attribution`,
  });

  const read = http.get(`${ctx.baseUrl}/orders/${encodeURIComponent(orderId)}/attribution`, {
    headers: AUTH_HEADERS,
    tags: ENDPOINTS.attribution,
  });
  const clickAtMs = target.click === null ? null : it.atMs;
  if (windowEndsAtMs === undefined)
    windowEndsAtMs = windowEndAfter(
      (jsonBody(read) as { windowEndsAt?: unknown } | null)?.windowEndsAt,
      it.atMs,
    );
  checkDecision(read, targetDecision(target, orderId, clickAtMs, windowEndsAtMs));
}

/** A click through the ingestion API, whose answer says whether it qualified and where its window ends (R5, R6). */
function clickEvent(ctx: JourneyContext, target: Target, click: JourneyClick): number | null {
  const res = http.post(`${ctx.baseUrl}/events`, JSON.stringify(click), {
    headers: AUTH_JSON_HEADERS,
    tags: ENDPOINTS.events,
  });
  const answer = jsonBody(res) as ClickAnswer | null;
  const qualifies = target.expect.click?.qualifying === true;
  const windowMs = ctx.manifest.windowMs;
  const ok = check(res, {
    'click: 200': (r) => r.status === 200,
    'click: not a replay': (r) => r.headers['Idempotent-Replayed'] === undefined,
    'click: qualifying as expected': () =>
      answer?.qualifying === qualifies && (qualifies ? answer.window === 'started' : answer.rule === 'R5'),
    'click: window end': () =>
      qualifies
        ? typeof answer?.windowEndsAt === 'string' &&
          (windowMs === null || answer.windowEndsAt === isoOrNull(click.at + windowMs))
        : answer?.windowEndsAt === undefined,
  });
  if (!ok) showMismatch(`click ${click.id}`, target.expect.click, res);
  if (!qualifies) return null;
  return typeof answer?.windowEndsAt === 'string' ? Date.parse(answer.windowEndsAt) : null;
}

/**
 * A click as buyers make it: following the promotion link, which records the click and redirects
 * to the product (not followed: the product page is the shop's, not the platform's).
 */
export function followLink(
  ctx: JourneyContext,
  target: Target,
  url: string,
  it: Iteration,
  buyerId: string,
): number | null | undefined {
  const query = `id=${encodeURIComponent(`${it.key}-click`)}&buyerId=${encodeURIComponent(buyerId)}&at=${it.atMs}`;
  const res = http.get(`${ctx.baseUrl}${url}?${query}`, {
    headers: AUTH_HEADERS,
    redirects: 0,
    tags: ENDPOINTS.link,
  });
  const store = `/stores/${encodeURIComponent(target.storeId)}`;
  const productId = target.click?.productId;
  const location = productId ? `${store}/products/${encodeURIComponent(productId)}` : store;
  check(res, {
    'link click: 302': (r) => r.status === 302,
    'link click: to the product': (r) => r.headers.Location === location,
    'link click: not a replay': (r) => r.headers['Idempotent-Replayed'] === undefined,
  });
  if (target.expect.click?.qualifying !== true) return null;
  const windowMs = ctx.manifest.windowMs;
  return windowMs === null ? undefined : it.atMs + windowMs;
}
