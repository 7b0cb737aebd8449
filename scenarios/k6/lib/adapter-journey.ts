import { check } from 'k6';
import http from 'k6/http';
import type { DecisionJson } from '../../../sim/domain/decision.js';
import { type FixtureManifest, type Target, targetDecision } from '../../../sim/fixtures/fixture-format.js';
import type { adapterDecisionRead } from './adapter-read.js';
import { mayShowMismatch } from './decision-checks.js';
import { JSON_HEADERS } from './endpoint.js';
import { currentIteration, type Iteration } from './iteration.js';
import {
  type JourneyClick,
  type JourneyOrder,
  journeyClick,
  journeyEvents,
  windowEndAfter,
} from './journey-events.js';
import type { K6PartBundle, K6Request } from './k6-part.js';

/** An adapter bundle with a write side: what ingest.ts and mixed.ts need to write to a user's service. */
export type WritingPart = K6PartBundle & { readonly write: NonNullable<K6PartBundle['write']> };

/**
 * The adapter's part if the bundle has one (null: affsim's own API). A part without a write side
 * cannot run a writing script: the run stops in the init stage saying what to add (`affsim load`
 * says it before k6 starts).
 */
export function writingPart(part: K6PartBundle | null, script: string): WritingPart | null {
  if (part === null) return null;
  if (part.write === null)
    throw new Error(
      `${script}.js: the k6 part of ${part.name} has no write side: add k6.write { click(event), order(event) } to its adapter (docs/k6.md, "Your own endpoint")`,
    );
  return part as WritingPart;
}

export interface AdapterJourneyContext {
  readonly baseUrl: string;
  readonly manifest: FixtureManifest;
  readonly runId: string;
  readonly part: WritingPart;
  /** adapterDecisionRead(baseUrl, part), made once per VU (in the script's init stage). */
  readonly read: ReturnType<typeof adapterDecisionRead>;
}

/**
 * buyer-journey.ts for a user's service, through its adapter's k6 part: the new buyer's click and
 * order as the service's own requests (the adapter's `write`), each accepted when answered 2xx,
 * and the order's decision read back the adapter's way with the compared fields checked against
 * the model's decision for the target. The service's write answers are its own shape, so the
 * decision read is where its attribution of these writes is judged.
 */
export function adapterJourney(ctx: AdapterJourneyContext, target: Target): void {
  const it = currentIteration(ctx.runId, ctx.manifest);
  const events = journeyEvents(target, it);
  if (events.click !== null) sendWrite(ctx, 'click', events.click, ctx.part.write.click(events.click));
  sendWrite(ctx, 'order', events.order, ctx.part.write.order(events.order));

  const clickAtMs = events.click === null ? null : events.click.at;
  const qualifies = target.expect.click?.qualifying === true;
  const windowMs = ctx.manifest.windowMs;
  const expected = (windowEndsAtMs: number | null): DecisionJson =>
    targetDecision(target, events.orderId, clickAtMs, qualifies ? windowEndsAtMs : null);
  const read = ctx.read;
  if (!qualifies || windowMs !== null || clickAtMs === null)
    read(expected(clickAtMs === null || windowMs === null ? null : clickAtMs + windowMs));
  else read(expected(null), (got) => expected(windowEndAfter(got.windowEndsAt, clickAtMs)));
}

/** A click alone (mixed.ts's browsing buyers): the write accepted, nothing to read back. */
export function adapterClick(
  ctx: AdapterJourneyContext,
  target: Target,
  it: Iteration,
  buyerId: string,
): void {
  const click = journeyClick(target, it, buyerId);
  sendWrite(ctx, 'click', click, ctx.part.write.click(click));
}

/** Sends one write of the adapter's; the endpoint tag is `events` for clicks, `orders` for orders. */
function sendWrite(
  ctx: AdapterJourneyContext,
  kind: 'click' | 'order',
  event: JourneyClick | JourneyOrder,
  request: K6Request,
): void {
  const res = http.request(
    request.method,
    `${ctx.baseUrl}${request.path}`,
    JSON.stringify(request.body ?? {}),
    {
      headers: { ...JSON_HEADERS, ...ctx.part.attribution.headers(), ...(request.headers ?? {}) },
      tags: {
        endpoint: kind === 'click' ? 'events' : 'orders',
        name: `${request.method} ${routeOf(request.path, event)}`,
      },
    },
  );
  const ok = check(res, { [`${kind}: accepted (2xx)`]: (r) => r.status >= 200 && r.status < 300 });
  if (!ok && mayShowMismatch(res)) {
    console.error(
      `${kind} ${event.id} (${ctx.part.name}): ${request.method} ${request.path} answered ${res.status} ${String(res.body).slice(0, 1_000)}`,
    );
  }
}

/** Ids are per buyer and order: the route's name has `{buyerId}` etc. in their place (one metric series per route). */
const ID_FIELDS = ['orderId', 'buyerId', 'storeId', 'affiliateId', 'productId', 'id'] as const;
function routeOf(path: string, event: JourneyClick | JourneyOrder): string {
  let route = path;
  for (const field of ID_FIELDS) {
    const value = (event as unknown as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '')
      route = route.split(encodeURIComponent(value)).join(`{${field}}`);
  }
  return route;
}
