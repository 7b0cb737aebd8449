/**
 * my-service.target.ts: how affsim talks to your attribution service (a target adapter).
 *
 * As written it speaks affsim's own API, the one `affsim serve` serves, so it runs at once:
 *
 *   npx affsim serve --port 8080      # in another terminal
 *   npx affsim run baseline --days 10 --buyers 300 --workers 1 \
 *     --target http://127.0.0.1:8080 --target-adapter ./my-service.target.ts
 *
 * Then make it speak your service's API, one part at a time, running the same command after each
 * change: the routes and bodies in `send`, the refusals in `refusedBy`, the decision in `toDecision`,
 * and `COMPARE` / `UNSUPPORTED` for what your service does not do. A violation names the event or
 * the order and the field at fault, with a small history that `affsim check` replays.
 *
 * The events and their fields: node_modules/affsim/docs/EVENTS.md. The rules (R1–R18) and the
 * Decision: node_modules/affsim/docs/RULES.md. `e.at` is epoch milliseconds; `formatInstant(e.at)`
 * gives ISO-8601 UTC.
 */
import {
  type AffEvent,
  type DecisionField,
  type DecisionJson,
  defineTarget,
  type EventAnswer,
  type EventType,
  formatInstant,
  type HttpAnswer,
  type PartialDecisionJson,
  type RuleId,
  type TargetContext,
} from 'affsim';

/**
 * The Decision fields your service answers: only these are compared with the model's, and
 * `toDecision` may leave the others out. Delete the ones your service does not know. All of them
 * (DECISION_FIELDS): attributed, reason, affiliateId, clickAt, windowEndsAt, status,
 * commissionCents, lines[].productId, lines[].amountCents, lines[].refundedCents, lines[].rateBps,
 * lines[].tier, lines[].commissionCents (a `lines[]` field also compares the number of lines).
 */
const COMPARE: readonly DecisionField[] = [
  'attributed',
  'reason',
  'affiliateId',
  'clickAt',
  'windowEndsAt',
  'status',
  'commissionCents',
  'lines[].productId',
  'lines[].amountCents',
  'lines[].refundedCents',
  'lines[].rateBps',
  'lines[].tier',
  'lines[].commissionCents',
];

/**
 * Event types your service does not take, e.g. ['affiliate.registered', 'store.categoryRateSet']:
 * they are not sent (their senders below may go), the model still applies them, and result.json
 * counts them as `events.unsupported`.
 */
const UNSUPPORTED: readonly EventType[] = [];

/**
 * The rule (RULES.md) that refused an event, read from your service's error answer; undefined
 * when the answer is not a refusal. affsim's API answers a refusal with 422 (409 for a reused event
 * id) and the rule id in the body, `{ "rule": "R4", ... }`. A service with error codes of its own
 * maps them to rule ids here, for example:
 *
 *   const RULE_OF: Readonly<Record<string, RuleId>> = {
 *     REJOIN_TOO_SOON: 'R1',    // join inside the cooldown, or a rate outside rateBounds
 *     TOO_EARLY_TO_LEAVE: 'R2', // withdrawal before minMembershipDays
 *     NOT_A_MEMBER: 'R4',       // a setting changed by a non-member, a rate outside rateBounds
 *     REFUND_TOO_LARGE: 'R14',  // a refund over what is left of the line
 *     UNKNOWN_ORDER: 'R16',     // unknown names, a second completion, anything after a cancel
 *     DUPLICATE_EVENT_ID: 'R17',
 *   };
 *   return RULE_OF[(answer.body as { code?: string }).code ?? ''];
 *
 * If your service refuses without saying why, return undefined for its refusals and answer
 * `{ accepted: false }` in `answerOf`: the refusal is compared, its rule is not.
 */
function refusedBy(answer: HttpAnswer): RuleId | undefined {
  if (answer.status !== 422 && answer.status !== 409) return undefined;
  return (answer.body as { rule?: RuleId } | null)?.rule;
}

/** Your service's answer to one event, as affsim reads it: accepted, or refused by a rule. */
function answerOf(event: AffEvent, answer: HttpAnswer): EventAnswer {
  // A repeat of an event id already accepted (R17) is acknowledged; affsim's API says so in a header.
  const repeat = answer.headers['idempotent-replayed'] === 'true';
  if (answer.status >= 200 && answer.status < 300) return { accepted: true, repeat };
  const rule = refusedBy(answer);
  if (rule !== undefined) return { accepted: false, rule, repeat };
  // Anything else is a mistake in the adapter or the service: the run stops and names it (exit 2).
  throw new Error(`event ${event.id} (${event.type}): ${answer.status} ${JSON.stringify(answer.body)}`);
}

/** Sends one event to `path` with `body` (affsim's API takes the event itself at POST /events). */
async function post(ctx: TargetContext, event: AffEvent, path: string, body: unknown): Promise<EventAnswer> {
  return answerOf(event, await ctx.request('POST', path, body));
}

/**
 * An order's decision from your service's answer, in the Decision fields of RULES.md. affsim's API
 * answers exactly these; map your own fields here (only those in COMPARE are needed).
 */
function toDecision(body: unknown): PartialDecisionJson {
  const d = body as DecisionJson;
  return {
    orderId: d.orderId,
    attributed: d.attributed,
    reason: d.reason, // null when attributed, else 'store-not-member' | 'no-click' | 'window-expired'
    affiliateId: d.affiliateId, // null when not attributed
    clickAt: d.clickAt, // ISO-8601 UTC with milliseconds: formatInstant(ms)
    windowEndsAt: d.windowEndsAt,
    status: d.status, // 'not-attributed' | 'pending' | 'payable' | 'void' | 'reversed'
    commissionCents: d.commissionCents,
    lines: d.lines.map((line) => ({
      productId: line.productId,
      amountCents: line.amountCents,
      refundedCents: line.refundedCents,
      rateBps: line.rateBps, // null when not attributed
      tier: line.tier, // 'main' | 'category' | 'default', null when not attributed
      commissionCents: line.commissionCents,
    })),
  };
}

export default defineTarget({
  // The name the summary, result.json and report.html show for your service.
  name: 'my-service',
  compare: COMPARE,
  unsupported: UNSUPPORTED,

  // One sender per event type (EVENTS.md), each: (event, ctx) => Promise<EventAnswer>. Change the
  // route and the body to your service's; `ctx.request(method, path, body)` sends JSON to your
  // service's base URL (`ctx.baseUrl`) and gives back { status, headers, body }.
  send: {
    // A store signs up with its catalogue: storeId, products[{ productId, categoryId }].
    'store.registered': (e, ctx) => post(ctx, e, '/events', e),
    // An affiliate signs up: affiliateId, channel.
    'affiliate.registered': (e, ctx) => post(ctx, e, '/events', e),
    // A store joins the programme with its default rate: storeId, defaultRateBps (R1).
    'store.joined': (e, ctx) => post(ctx, e, '/events', e),
    // A store leaves the programme: storeId (R2).
    'store.withdrew': (e, ctx) => post(ctx, e, '/events', e),
    // Settings (R4): storeId with rateBps; productId for main products, categoryId for categories.
    'store.defaultRateSet': (e, ctx) => post(ctx, e, '/events', e),
    'store.mainProductSet': (e, ctx) => post(ctx, e, '/events', e),
    'store.mainProductRemoved': (e, ctx) => post(ctx, e, '/events', e),
    'store.categoryRateSet': (e, ctx) => post(ctx, e, '/events', e),
    // A click through an affiliate's link, written out field by field as your own body would be.
    click: (e, ctx) =>
      post(ctx, e, '/events', {
        id: e.id, // the event id: your service answers a repeat of it as a repeat (R17)
        type: e.type,
        at: formatInstant(e.at),
        buyerId: e.buyerId,
        affiliateId: e.affiliateId,
        storeId: e.storeId,
        productId: e.productId ?? null, // absent for a store link (R7)
        channel: e.channel,
      }),
    // An order: orderId, buyerId, storeId, lines[{ productId, amountCents }].
    'order.created': (e, ctx) => post(ctx, e, '/events', e),
    // Its lifecycle (R12, R14, R16): orderId; a refund also names productId and amountCents.
    'order.completed': (e, ctx) => post(ctx, e, '/events', e),
    'order.cancelled': (e, ctx) => post(ctx, e, '/events', e),
    'order.refunded': (e, ctx) => post(ctx, e, '/events', e),
  },
  // Or, instead of `send`: `sendBatch,` (defined below) to send many events in one request.

  // An order's decision, or null when your service has no such order.
  async readDecision(orderId, ctx) {
    const answer = await ctx.request('GET', `/orders/${encodeURIComponent(orderId)}/attribution`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`order ${orderId}: ${answer.status}`);
    return toDecision(answer.body);
  },
  // And, optionally: `readDecisions,` (defined below) to read many decisions in one request.

  // Empties your service (or opens a fresh tenant) so a run starts clean: called once, before the
  // first day's traffic, by a run with --workers 1 and no --shard. affsim serve has nothing to call
  // here (start a fresh one for each run); your service might take, for example:
  //   await ctx.request('DELETE', '/test-data');
  async reset() {},

  // For `affsim load attribution --target URL --target-adapter ./my-service.target.ts` (k6 against
  // your service, docs/k6.md "Your own endpoint"): the same read as readDecision, run by k6. These
  // functions are bundled into the k6 script by their source, so each must hold everything it
  // uses: no imports, nothing from this file (toDecision, COMPARE…), standard JavaScript and
  // k6's __ENV only. Uncomment, then change the path and the mapping to your service's.
  // k6: {
  //   attribution: {
  //     path: (orderId) => `/orders/${encodeURIComponent(orderId)}/attribution`,
  //     // The compared fields (COMPARE) of the answer; null when your service has no such order.
  //     decision: (status, body) => (status === 404 ? null : (body as PartialDecisionJson)),
  //     // headers: () => ({ authorization: `Bearer ${__ENV.SERVICE_TOKEN}` }),
  //   },
  //   // A trivial endpoint of your service, loaded at the same rate as the baseline (affsim's is /ping).
  //   health: { path: '/ping' },
  // },
});

/**
 * Many events in one request, answered one by one and in order. To use it, add `sendBatch,` to
 * the definition above: it is then used instead of `send`. affsim calls it with a day's seller
 * events, then with that day's buyer events, so one call may hold thousands: send them in chunks
 * your service takes (affsim's API takes up to 10 000 events per request).
 */
export async function sendBatch(
  events: readonly AffEvent[],
  ctx: TargetContext,
): Promise<readonly EventAnswer[]> {
  const answers: EventAnswer[] = [];
  for (let start = 0; start < events.length; start += 1000) {
    const chunk = events.slice(start, start + 1000);
    const answer = await ctx.request('POST', '/events/batch', { events: chunk });
    if (answer.status !== 200) throw new Error(`/events/batch: ${answer.status}`);
    const { results } = answer.body as { results: { status: number; repeat: boolean; body: unknown }[] };
    results.forEach((r, i) => {
      const event = chunk[i] as AffEvent;
      const headers = r.repeat ? { 'idempotent-replayed': 'true' } : {};
      answers.push(answerOf(event, { status: r.status, headers, body: r.body }));
    });
  }
  return answers;
}

/**
 * Many decisions in one request, in the order asked (null for an unknown order). To use it, add
 * `readDecisions,` to the definition above: it is then used instead of `readDecision` (which stays
 * required). affsim asks for a day's new and changed orders, and for every order at the end.
 * `affsim serve` answers 413 when an answer would be too large (orders with very many lines): the
 * chunk is then asked again in two halves. Ask each id once: a repeated id is answered once.
 */
export async function readDecisions(
  orderIds: readonly string[],
  ctx: TargetContext,
): Promise<readonly (PartialDecisionJson | null)[]> {
  const byId = new Map<string, PartialDecisionJson | null>();
  const read = async (chunk: readonly string[]): Promise<void> => {
    const answer = await ctx.request('POST', '/attribution/decisions', { orderIds: chunk });
    if (answer.status === 413 && chunk.length > 1) {
      const half = Math.ceil(chunk.length / 2);
      await read(chunk.slice(0, half));
      await read(chunk.slice(half));
      return;
    }
    if (answer.status !== 200) throw new Error(`/attribution/decisions: ${answer.status}`);
    (answer.body as { decisions: unknown[] }).decisions.forEach((d, i) => {
      byId.set(chunk[i] as string, d === null ? null : toDecision(d));
    });
  };
  const distinct = [...new Set(orderIds)];
  for (let start = 0; start < distinct.length; start += 1000) await read(distinct.slice(start, start + 1000));
  return orderIds.map((id) => byId.get(id) ?? null);
}
