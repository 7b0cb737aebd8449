import {
  DEFAULT_POLICY,
  type DecisionStatus,
  defineTarget,
  type EventAnswer,
  type HttpAnswer,
  type Policy,
  type RuleId,
  type TargetContext,
} from 'affsim';

// The reference example of a target adapter: how affsim talks to an attribution service that was
// written without it (./service.mjs), with its own routes, its own words and its own answer shape.
//
//   node examples/last-click-service/service.mjs --port 8090
//   npx affsim run boundary-storm --workers 1 --target http://127.0.0.1:8090 \
//     --target-adapter examples/last-click-service/affsim-target.ts
//
// An adapter does three things: it sends each affsim event (docs/EVENTS.md) as the service's own
// request, it turns the service's refusals into the rule ids of docs/RULES.md, and it reads an
// order's decision back in affsim's terms, as far as the service has one.

/** The rule each of the service's error codes stands for. */
const RULE_OF_ERROR: Readonly<Record<string, RuleId>> = {
  ALREADY_ENROLLED: 'R1', // join while a member
  REJOIN_COOLDOWN: 'R1', // rejoin inside the cooldown
  NOT_ENROLLED: 'R2', // withdraw while not a member
  MEMBERSHIP_TOO_SHORT: 'R2', // withdraw before minMembershipDays
  MERCHANT_NOT_ENROLLED: 'R4', // a setting changed while out of the programme
  NOT_FEATURED: 'R4', // removing a main product that is not one
  NOT_A_PURCHASE_ITEM: 'R14',
  REFUND_EXCEEDS_REMAINING: 'R14',
  UNKNOWN_MERCHANT: 'R16',
  UNKNOWN_SKU: 'R16',
  UNKNOWN_PURCHASE: 'R16',
  MERCHANT_EXISTS: 'R16',
  PURCHASE_EXISTS: 'R16',
  PURCHASE_CLOSED: 'R16', // a second completion or cancel, or anything after a cancel
  IDEMPOTENCY_KEY_REUSED: 'R17',
};

/** A rate out of bounds is R1 when joining and R4 for a setting: the same code, two rules. */
const ON_JOIN = { RATE_OUT_OF_RANGE: 'R1' } as const satisfies Record<string, RuleId>;
const ON_SETTING = { RATE_OUT_OF_RANGE: 'R4' } as const satisfies Record<string, RuleId>;

/** The service's payout states and affsim's Decision `status`. */
const STATUS_OF_STATE: Readonly<Record<string, DecisionStatus>> = {
  NOT_CREDITED: 'not-attributed',
  ESTIMATED: 'pending',
  PAYABLE: 'payable',
  VOID: 'void',
  CLAWED_BACK: 'reversed',
};

/** What `GET /v1/purchases/:id/payout` answers. */
interface Payout {
  readonly purchase: string;
  readonly credited: boolean;
  readonly partner: string | null;
  readonly payoutCents: number;
  readonly state: string;
}

type Method = Parameters<TargetContext['request']>[0];

/**
 * Sends one event as one request. The event id travels as the service's `idempotencyKey`, so a
 * repeat (R17) gets the original answer, which the service marks with `idempotent-replayed`.
 */
async function call(
  ctx: TargetContext,
  event: { readonly id: string; readonly at: number },
  method: Method,
  path: string,
  body: Record<string, unknown>,
  rules: Readonly<Record<string, RuleId>> = {},
): Promise<EventAnswer> {
  const r = await ctx.request(method, path, { idempotencyKey: event.id, at: event.at, ...body });
  const repeat = r.headers['idempotent-replayed'] === 'true';
  if (r.status < 300) return { accepted: true, repeat };
  const code = (r.body as { error?: string } | null)?.error ?? '';
  const rule = rules[code] ?? RULE_OF_ERROR[code];
  // Anything else (INVALID_REQUEST, an unknown route) means this adapter sent a bad request.
  if (rule === undefined)
    throw new Error(`${method} ${path} (event ${event.id}): ${r.status} ${JSON.stringify(r.body)}`);
  return { accepted: false, rule, repeat };
}

const id = encodeURIComponent;

/** The service implements the rule book's default policy only; a run under another is refused. */
function checkPolicy(policy: Policy): void {
  // The time zone only matters to calendar days, which the service does not have.
  const keys = (Object.keys(DEFAULT_POLICY) as (keyof Policy)[]).filter((k) => k !== 'timeZone');
  const differs = keys.filter((k) => JSON.stringify(policy[k]) !== JSON.stringify(DEFAULT_POLICY[k]));
  if (differs.length > 0)
    throw new Error(
      `the last-click service runs the default policy only; this run sets ${differs.join(', ')}`,
    );
}

function toDecision(p: Payout) {
  const status = STATUS_OF_STATE[p.state];
  if (status === undefined) throw new Error(`purchase ${p.purchase}: unknown payout state ${p.state}`);
  return { attributed: p.credited, affiliateId: p.partner, commissionCents: p.payoutCents, status };
}

export default defineTarget({
  name: 'last-click-service',

  // The payout answer has who is credited, the amount and a state, and nothing more (no reason,
  // click time, window or per-line rates): only these Decision fields are compared.
  compare: ['attributed', 'affiliateId', 'commissionCents', 'status'],

  // The service learns partners from their visits (it has no partner sign-up), and category
  // rates are retired under the default policy. affsim still applies these events to its model.
  unsupported: ['affiliate.registered', 'store.categoryRateSet'],

  send: {
    'store.registered': (e, ctx) =>
      call(ctx, e, 'POST', '/v1/merchants', {
        merchantId: e.storeId,
        catalogue: e.products.map((p) => ({ sku: p.productId, department: p.categoryId })),
      }),
    'store.joined': (e, ctx) =>
      call(
        ctx,
        e,
        'POST',
        `/v1/merchants/${id(e.storeId)}/enrolment`,
        { baseRateBps: e.defaultRateBps },
        ON_JOIN,
      ),
    'store.withdrew': (e, ctx) => call(ctx, e, 'POST', `/v1/merchants/${id(e.storeId)}/withdrawal`, {}),
    'store.defaultRateSet': (e, ctx) =>
      call(ctx, e, 'PUT', `/v1/merchants/${id(e.storeId)}/base-rate`, { rateBps: e.rateBps }, ON_SETTING),
    'store.mainProductSet': (e, ctx) =>
      call(
        ctx,
        e,
        'PUT',
        `/v1/merchants/${id(e.storeId)}/featured/${id(e.productId)}`,
        { rateBps: e.rateBps },
        ON_SETTING,
      ),
    'store.mainProductRemoved': (e, ctx) =>
      call(ctx, e, 'DELETE', `/v1/merchants/${id(e.storeId)}/featured/${id(e.productId)}`, {}),
    click: (e, ctx) =>
      call(ctx, e, 'POST', '/v1/visits', {
        shopper: e.buyerId,
        partner: e.affiliateId,
        merchant: e.storeId,
        sku: e.productId ?? null,
        source: e.channel,
      }),
    'order.created': (e, ctx) =>
      call(ctx, e, 'POST', '/v1/purchases', {
        purchaseId: e.orderId,
        shopper: e.buyerId,
        merchant: e.storeId,
        items: e.lines.map((l) => ({ sku: l.productId, amountCents: l.amountCents })),
      }),
    'order.completed': (e, ctx) => call(ctx, e, 'POST', `/v1/purchases/${id(e.orderId)}/fulfil`, {}),
    'order.cancelled': (e, ctx) => call(ctx, e, 'POST', `/v1/purchases/${id(e.orderId)}/cancel`, {}),
    'order.refunded': (e, ctx) =>
      call(ctx, e, 'POST', `/v1/purchases/${id(e.orderId)}/refunds`, {
        sku: e.productId,
        amountCents: e.amountCents,
      }),
  },

  // A PARTIAL decision: the compared fields only; null when the service has no such purchase.
  async readDecision(orderId, ctx) {
    const r: HttpAnswer = await ctx.request('GET', `/v1/purchases/${id(orderId)}/payout`);
    if (r.status === 404) return null;
    if (r.status !== 200) throw new Error(`payout of ${orderId}: ${r.status} ${JSON.stringify(r.body)}`);
    return toDecision(r.body as Payout);
  },

  // For `affsim load attribution --target … --target-adapter …`: the same read, run by k6. These
  // functions are bundled into the k6 script by their source, so each holds everything it uses
  // (the state table too): no imports, nothing from this module.
  k6: {
    attribution: {
      path: (orderId) => `/v1/purchases/${encodeURIComponent(orderId)}/payout`,
      decision(status, body) {
        if (status === 404) return null;
        const p = body as Payout;
        const statusOfState: Readonly<Record<string, DecisionStatus>> = {
          NOT_CREDITED: 'not-attributed',
          ESTIMATED: 'pending',
          PAYABLE: 'payable',
          VOID: 'void',
          CLAWED_BACK: 'reversed',
        };
        return {
          attributed: p.credited,
          affiliateId: p.partner,
          commissionCents: p.payoutCents,
          status: statusOfState[p.state],
        };
      },
    },
    // The baseline: the service's trivial endpoint, at the same rate in the same run.
    health: { path: '/healthz' },
    // For `affsim load ingest|mixed`: a new shopper's visit and purchase, as `send` sends them.
    write: {
      click: (e) => ({
        method: 'POST',
        path: '/v1/visits',
        body: {
          idempotencyKey: e.id,
          at: e.at,
          shopper: e.buyerId,
          partner: e.affiliateId,
          merchant: e.storeId,
          sku: e.productId ?? null,
          source: e.channel,
        },
      }),
      order: (e) => ({
        method: 'POST',
        path: '/v1/purchases',
        body: {
          idempotencyKey: e.id,
          at: e.at,
          purchaseId: e.orderId,
          shopper: e.buyerId,
          merchant: e.storeId,
          items: e.lines.map((l) => ({ sku: l.productId, amountCents: l.amountCents })),
        },
      }),
    },
  },

  // Called before any traffic of a single-worker run (--workers 1) and before every replay of a
  // shrinking history: the service starts empty.
  async reset(ctx) {
    checkPolicy(ctx.policy);
    const r = await ctx.request('POST', '/v1/admin/reset');
    if (r.status !== 204) throw new Error(`POST /v1/admin/reset answered ${r.status}`);
  },
});
