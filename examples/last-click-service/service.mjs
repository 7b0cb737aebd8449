#!/usr/bin/env node
// A small last-click attribution service for an affiliate (pay-per-sale) programme.
//
// Merchants enrol in the programme with a base commission rate and may feature products at their
// own rate. Partners (affiliates) send shoppers to a merchant: each visit through a partner link
// opens a 15-day window for that shopper in that merchant, and a purchase inside the window pays
// the partner of the latest visit. The payout is estimated while the purchase is open, payable
// once it is fulfilled, void when it is cancelled, and refunds lower it (down to a claw-back).
//
// Plain Node (ESM, node:http only), everything in memory; money in integer cents, rates in basis
// points, times in epoch milliseconds. Every write carries an `idempotencyKey`: a retry with the
// same request gets the original answer back, the same key on another request is refused.
//
//   node service.mjs [--port N] [--deviations a,b]      (port 0: any free port; DEVIATIONS=a,b too)
//
// Deviations are planted bugs for demonstrating a checker, off by default:
//   early-withdrawal   counts the day of enrolment as day one, so a merchant may leave a day early
//   per-buyer-window   keeps one window per shopper instead of per (shopper, merchant)

import { createServer } from 'node:http';

const DAY_MS = 86_400_000;

/** The programme's terms. */
const TERMS = Object.freeze({
  windowDays: 15,
  minMembershipDays: 15,
  rejoinCooldownDays: 15,
  minRateBps: 1,
  maxRateBps: 9000,
});

const DEVIATIONS = ['early-withdrawal', 'per-buyer-window'];
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors: every refusal is a 4xx with one of the service's own error codes.

class Refusal extends Error {
  constructor(status, code, detail) {
    super(detail);
    this.status = status;
    this.code = code;
  }
}
const invalid = (detail) => new Refusal(400, 'INVALID_REQUEST', detail);
const notFound = (code, detail) => new Refusal(404, code, detail);
const conflict = (code, detail) => new Refusal(409, code, detail);
const unprocessable = (code, detail) => new Refusal(422, code, detail);

// ---------------------------------------------------------------------------------------------
// Input checks.

function text(body, field) {
  const v = body[field];
  if (typeof v !== 'string' || v === '' || v.length > 200)
    throw invalid(`${field}: expected a non-empty string`);
  return v;
}
function optionalText(body, field) {
  return body[field] === undefined || body[field] === null ? null : text(body, field);
}
function instant(body) {
  const v = body.at;
  if (!Number.isSafeInteger(v) || v < 0) throw invalid('at: expected epoch milliseconds');
  return v;
}
function integer(body, field) {
  const v = body[field];
  if (!Number.isSafeInteger(v)) throw invalid(`${field}: expected an integer`);
  return v;
}
function cents(body, field) {
  const v = integer(body, field);
  if (v <= 0) throw invalid(`${field}: expected a positive amount in cents`);
  return v;
}
function list(body, field) {
  const v = body[field];
  if (!Array.isArray(v)) throw invalid(`${field}: expected a list`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// State. Enrolments and settings are kept as time-stamped histories: a merchant's own requests
// arrive in time order, but the visits and purchases of a day may arrive after that day's later
// merchant changes, so "enrolled at 10:00?" and "the base rate at 10:00" are still answerable
// once a 14:00 change is in. Visits and purchases arrive in time order per shopper.

function emptyState() {
  return {
    merchants: new Map(), // merchantId → Merchant
    visits: new Map(), // shopperId → windowScope → [{ at, partner, source }] in time order
    purchases: new Map(), // purchaseId → Purchase
    requests: new Map(), // idempotencyKey → { fingerprint, status, body }
    traffic: { visits: 0, qualifying: 0 },
  };
}
let db = emptyState();

/** The latest value of a time-stamped history at `at` (entries in time order; ties: the later entry). */
function valueAt(history, at) {
  for (let i = history.length - 1; i >= 0; i -= 1) if (history[i].from <= at) return history[i].value;
  return undefined;
}

/** Enrolments are half-open periods [since, until): a merchant that leaves at t is out at t. */
function enrolledAt(merchant, at) {
  return merchant.enrolments.some((e) => e.since <= at && (e.until === null || at < e.until));
}

function openEnrolment(merchant) {
  const last = merchant.enrolments.at(-1);
  return last !== undefined && last.until === null ? last : undefined;
}

function merchantOf(id) {
  const merchant = db.merchants.get(id);
  if (merchant === undefined) throw notFound('UNKNOWN_MERCHANT', `no merchant ${id}`);
  return merchant;
}

function skuOf(merchant, sku) {
  if (!merchant.catalogue.has(sku))
    throw notFound('UNKNOWN_SKU', `${sku} is not in the catalogue of ${merchant.id}`);
  return sku;
}

function purchaseOf(id) {
  const purchase = db.purchases.get(id);
  if (purchase === undefined) throw notFound('UNKNOWN_PURCHASE', `no purchase ${id}`);
  return purchase;
}

function checkRate(rateBps) {
  if (rateBps < TERMS.minRateBps || rateBps > TERMS.maxRateBps) {
    const range = `${TERMS.minRateBps}..${TERMS.maxRateBps}`;
    throw unprocessable('RATE_OUT_OF_RANGE', `${rateBps} bps is outside ${range}`);
  }
}

function requireEnrolled(merchant, at) {
  if (!enrolledAt(merchant, at)) {
    throw conflict('MERCHANT_NOT_ENROLLED', `${merchant.id} is not in the programme: settings are locked`);
  }
}

// ---------------------------------------------------------------------------------------------
// Merchants: registration, enrolment, withdrawal and commission settings.

function registerMerchant(body) {
  const id = text(body, 'merchantId');
  const at = instant(body);
  const catalogue = new Map();
  for (const item of list(body, 'catalogue')) {
    const sku = text(item, 'sku');
    if (catalogue.has(sku)) throw invalid(`catalogue: ${sku} appears twice`);
    catalogue.set(sku, text(item, 'department'));
  }
  if (db.merchants.has(id)) throw conflict('MERCHANT_EXISTS', `merchant ${id} is already registered`);
  db.merchants.set(id, {
    id,
    registeredAt: at,
    catalogue,
    enrolments: [], // [{ since, until }]
    baseRate: [], // [{ from, value: bps }]
    featured: new Map(), // sku → [{ from, value: bps | null }]
  });
  return [201, { merchant: id, products: catalogue.size }];
}

function enrol(merchantId, body) {
  const merchant = merchantOf(merchantId);
  const at = instant(body);
  const rateBps = integer(body, 'baseRateBps');
  if (openEnrolment(merchant))
    throw conflict('ALREADY_ENROLLED', `${merchantId} is already in the programme`);
  const last = merchant.enrolments.at(-1);
  if (last !== undefined && at < last.until + TERMS.rejoinCooldownDays * DAY_MS) {
    throw conflict(
      'REJOIN_COOLDOWN',
      `${merchantId} left at ${iso(last.until)} and may come back ${TERMS.rejoinCooldownDays} days later`,
    );
  }
  checkRate(rateBps);
  merchant.enrolments.push({ since: at, until: null });
  // Featured products stay as they were; coming back only sets a new base rate.
  merchant.baseRate.push({ from: at, value: rateBps });
  return [201, { merchant: merchantId, enrolledAt: at, baseRateBps: rateBps }];
}

/** A merchant stays in the programme for at least minMembershipDays (whole 24-hour days). */
function mayLeave(since, at) {
  if (deviations.has('early-withdrawal')) {
    // Planted bug: the day of enrolment counts as day one, so the 15th day already qualifies.
    const daysEnrolled = Math.floor((at - since) / DAY_MS) + 1;
    return daysEnrolled >= TERMS.minMembershipDays;
  }
  return at >= since + TERMS.minMembershipDays * DAY_MS;
}

function withdraw(merchantId, body) {
  const merchant = merchantOf(merchantId);
  const at = instant(body);
  const enrolment = openEnrolment(merchant);
  if (enrolment === undefined) throw conflict('NOT_ENROLLED', `${merchantId} is not in the programme`);
  if (!mayLeave(enrolment.since, at)) {
    throw conflict(
      'MEMBERSHIP_TOO_SHORT',
      `${merchantId} enrolled at ${iso(enrolment.since)} and must stay ${TERMS.minMembershipDays} days`,
    );
  }
  enrolment.until = at;
  return [200, { merchant: merchantId, leftAt: at }];
}

function setBaseRate(merchantId, body) {
  const merchant = merchantOf(merchantId);
  const at = instant(body);
  const rateBps = integer(body, 'rateBps');
  requireEnrolled(merchant, at);
  checkRate(rateBps);
  merchant.baseRate.push({ from: at, value: rateBps });
  return [200, { merchant: merchantId, baseRateBps: rateBps }];
}

function feature(merchantId, sku, body) {
  const merchant = merchantOf(merchantId);
  skuOf(merchant, sku);
  const at = instant(body);
  const rateBps = integer(body, 'rateBps');
  requireEnrolled(merchant, at);
  checkRate(rateBps);
  featuredHistory(merchant, sku).push({ from: at, value: rateBps });
  return [200, { merchant: merchantId, sku, rateBps }];
}

function unfeature(merchantId, sku, body) {
  const merchant = merchantOf(merchantId);
  skuOf(merchant, sku);
  const at = instant(body);
  requireEnrolled(merchant, at);
  const history = featuredHistory(merchant, sku);
  if (valueAt(history, at) == null) throw conflict('NOT_FEATURED', `${sku} is not a featured product`);
  history.push({ from: at, value: null });
  return [200, { merchant: merchantId, sku, featured: false }];
}

function featuredHistory(merchant, sku) {
  let history = merchant.featured.get(sku);
  if (history === undefined) {
    history = [];
    merchant.featured.set(sku, history);
  }
  return history;
}

/** The commission rate of a product at `at`: its featured rate, else the merchant's base rate. */
function rateAt(merchant, sku, at) {
  const featured = valueAt(merchant.featured.get(sku) ?? [], at);
  return featured ?? valueAt(merchant.baseRate, at);
}

// ---------------------------------------------------------------------------------------------
// Visits and windows.

/** Visits are grouped per shopper and merchant: a visit to one merchant never pays for another's sale. */
function windowScope(merchantId) {
  // Planted bug: one window per shopper, whichever merchant the visit went to.
  return deviations.has('per-buyer-window') ? '*' : merchantId;
}

function recordVisit(body) {
  const shopper = text(body, 'shopper');
  const partner = text(body, 'partner');
  const merchant = merchantOf(text(body, 'merchant'));
  const sku = optionalText(body, 'sku');
  if (sku !== null) skuOf(merchant, sku);
  const source = text(body, 'source');
  const at = instant(body);
  db.traffic.visits += 1;
  // Only a visit while the merchant is in the programme opens (or restarts) a window.
  const qualifying = enrolledAt(merchant, at);
  if (qualifying) {
    db.traffic.qualifying += 1;
    let byScope = db.visits.get(shopper);
    if (byScope === undefined) {
      byScope = new Map();
      db.visits.set(shopper, byScope);
    }
    const scope = windowScope(merchant.id);
    const visits = byScope.get(scope) ?? [];
    byScope.set(scope, visits);
    let i = visits.length;
    while (i > 0 && visits[i - 1].at > at) i -= 1;
    visits.splice(i, 0, { at, partner, source });
  }
  return [201, { qualifying, windowEndsAt: qualifying ? at + TERMS.windowDays * DAY_MS : null }];
}

/** The latest qualifying visit of a shopper into a merchant at or before `at` (ties: the later one). */
function latestVisit(shopper, merchantId, at) {
  const visits = db.visits.get(shopper)?.get(windowScope(merchantId)) ?? [];
  for (let i = visits.length - 1; i >= 0; i -= 1) if (visits[i].at <= at) return visits[i];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Purchases: credit and rates are decided, and locked, when the purchase is made.

function createPurchase(body) {
  const id = text(body, 'purchaseId');
  const shopper = text(body, 'shopper');
  const merchantId = text(body, 'merchant');
  const at = instant(body);
  const rawItems = list(body, 'items');
  if (rawItems.length === 0) throw invalid('items: a purchase needs at least one item');
  const skus = new Set();
  const items = rawItems.map((item) => {
    const sku = text(item, 'sku');
    if (skus.has(sku)) throw invalid(`items: ${sku} appears twice`);
    skus.add(sku);
    return { sku, amountCents: cents(item, 'amountCents'), refundedCents: 0, rateBps: null };
  });
  if (db.purchases.has(id)) throw conflict('PURCHASE_EXISTS', `purchase ${id} was already recorded`);
  const merchant = merchantOf(merchantId);
  for (const item of items) skuOf(merchant, item.sku);

  const credit = creditFor(merchant, shopper, at);
  if (credit.credited) for (const item of items) item.rateBps = rateAt(merchant, item.sku, at);
  const purchase = { id, shopper, merchant: merchantId, createdAt: at, ...credit, items, state: 'open' };
  db.purchases.set(id, purchase);
  return [201, payoutOf(purchase)];
}

/** Last click wins: the partner of the latest visit, if its window is still open and the merchant enrolled. */
function creditFor(merchant, shopper, at) {
  const none = { credited: false, partner: null };
  if (!enrolledAt(merchant, at)) return none;
  const visit = latestVisit(shopper, merchant.id, at);
  if (visit === undefined || at >= visit.at + TERMS.windowDays * DAY_MS) return none;
  return { credited: true, partner: visit.partner };
}

function closePurchase(purchaseId, body, state) {
  const purchase = purchaseOf(purchaseId);
  instant(body);
  if (purchase.state !== 'open')
    throw conflict('PURCHASE_CLOSED', `purchase ${purchaseId} is already ${purchase.state}`);
  purchase.state = state;
  return [200, payoutOf(purchase)];
}

function refund(purchaseId, body) {
  const purchase = purchaseOf(purchaseId);
  const sku = text(body, 'sku');
  const amountCents = cents(body, 'amountCents');
  instant(body);
  skuOf(merchantOf(purchase.merchant), sku);
  if (purchase.state === 'cancelled')
    throw conflict('PURCHASE_CLOSED', `purchase ${purchaseId} was cancelled`);
  const item = purchase.items.find((i) => i.sku === sku);
  if (item === undefined)
    throw unprocessable('NOT_A_PURCHASE_ITEM', `${sku} is not an item of ${purchaseId}`);
  const leftCents = item.amountCents - item.refundedCents;
  if (amountCents > leftCents) {
    throw unprocessable(
      'REFUND_EXCEEDS_REMAINING',
      `${amountCents} cents asked, ${leftCents} cents left on ${sku}`,
    );
  }
  item.refundedCents += amountCents;
  return [200, payoutOf(purchase)];
}

/** Commission of an item: net amount × rate / 10 000, rounded half up to the cent. */
function itemPayoutCents(item) {
  const net = BigInt(item.amountCents - item.refundedCents);
  return Number((net * BigInt(item.rateBps) + 5_000n) / 10_000n);
}

function payoutOf(purchase) {
  const paying = purchase.credited && purchase.state !== 'cancelled';
  const payoutCents = paying ? purchase.items.reduce((sum, item) => sum + itemPayoutCents(item), 0) : 0;
  return {
    purchase: purchase.id,
    credited: purchase.credited,
    partner: purchase.partner,
    payoutCents,
    state: stateOf(purchase),
  };
}

function stateOf(purchase) {
  if (!purchase.credited) return 'NOT_CREDITED';
  if (purchase.state === 'cancelled') return 'VOID';
  if (purchase.state === 'open') return 'ESTIMATED';
  return purchase.items.every((i) => i.refundedCents === i.amountCents) ? 'CLAWED_BACK' : 'PAYABLE';
}

// ---------------------------------------------------------------------------------------------
// Idempotency: the key's first request is remembered with its answer.

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function idempotent(method, path, body, handle) {
  const key = body.idempotencyKey;
  if (key === undefined) return { answer: handle(), replayed: false };
  if (typeof key !== 'string' || key === '') throw invalid('idempotencyKey: expected a non-empty string');
  const { idempotencyKey: _key, ...request } = body;
  const fingerprint = `${method} ${path} ${canonical(request)}`;
  const seen = db.requests.get(key);
  if (seen !== undefined) {
    if (seen.fingerprint !== fingerprint) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', `key ${key} was used for another request`);
    }
    return { answer: [seen.status, seen.body], replayed: true };
  }
  let answer;
  try {
    answer = handle();
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    answer = [e.status, { error: e.code, detail: e.message }];
  }
  db.requests.set(key, { fingerprint, status: answer[0], body: answer[1] });
  return { answer, replayed: false };
}

// ---------------------------------------------------------------------------------------------
// Routes.

const seg = '([^/]+)';
const ROUTES = [
  ['POST', /^\/v1\/merchants$/, (_, b) => registerMerchant(b)],
  ['POST', new RegExp(`^/v1/merchants/${seg}/enrolment$`), ([m], b) => enrol(m, b)],
  ['POST', new RegExp(`^/v1/merchants/${seg}/withdrawal$`), ([m], b) => withdraw(m, b)],
  ['PUT', new RegExp(`^/v1/merchants/${seg}/base-rate$`), ([m], b) => setBaseRate(m, b)],
  ['PUT', new RegExp(`^/v1/merchants/${seg}/featured/${seg}$`), ([m, s], b) => feature(m, s, b)],
  ['DELETE', new RegExp(`^/v1/merchants/${seg}/featured/${seg}$`), ([m, s], b) => unfeature(m, s, b)],
  ['POST', /^\/v1\/visits$/, (_, b) => recordVisit(b)],
  ['POST', /^\/v1\/purchases$/, (_, b) => createPurchase(b)],
  ['POST', new RegExp(`^/v1/purchases/${seg}/fulfil$`), ([p], b) => closePurchase(p, b, 'fulfilled')],
  ['POST', new RegExp(`^/v1/purchases/${seg}/cancel$`), ([p], b) => closePurchase(p, b, 'cancelled')],
  ['POST', new RegExp(`^/v1/purchases/${seg}/refunds$`), ([p], b) => refund(p, b)],
];

function route(method, path, body) {
  if (method === 'GET' && path === '/healthz') return { answer: [200, { ok: true }] };
  if (method === 'GET' && path === '/v1/traffic') return { answer: [200, db.traffic] };
  const payout = /^\/v1\/purchases\/([^/]+)\/payout$/.exec(path);
  if (method === 'GET' && payout)
    return { answer: [200, payoutOf(purchaseOf(decodeURIComponent(payout[1])))] };
  if (method === 'POST' && path === '/v1/admin/reset') {
    db = emptyState();
    return { answer: [204, null] };
  }
  for (const [m, pattern, handle] of ROUTES) {
    const match = pattern.exec(path);
    if (match === null || m !== method) continue;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw invalid('expected a JSON object');
    const params = match.slice(1).map(decodeURIComponent);
    return idempotent(method, path, body, () => handle(params, body));
  }
  throw notFound('NO_SUCH_ROUTE', `${method} ${path}`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES)
        reject(new Refusal(413, 'BODY_TOO_LARGE', `at most ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleRequest(req, res) {
  let status = 500;
  let body = { error: 'INTERNAL' };
  let replayed = false;
  try {
    const raw = await readBody(req);
    let json = null;
    if (raw !== '') {
      try {
        json = JSON.parse(raw);
      } catch {
        throw invalid('the body is not JSON');
      }
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const routed = route(req.method, path, json);
    [status, body] = routed.answer;
    replayed = routed.replayed === true;
  } catch (e) {
    if (e instanceof Refusal) {
      status = e.status;
      body = { error: e.code, detail: e.message };
    } else {
      console.error(e);
    }
  }
  const headers = replayed ? { 'idempotent-replayed': 'true' } : {};
  if (body === null) {
    res.writeHead(status, headers).end();
  } else {
    res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}

const iso = (ms) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Start.

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const requested = (option('deviations') ?? process.env.DEVIATIONS ?? '').split(',').filter((d) => d !== '');
const unknownDeviations = requested.filter((d) => !DEVIATIONS.includes(d));
if (unknownDeviations.length > 0) {
  console.error(`unknown deviation(s) ${unknownDeviations.join(', ')}; known: ${DEVIATIONS.join(', ')}`);
  process.exit(2);
}
const deviations = new Set(requested);
const port = Number(option('port') ?? process.env.PORT ?? 8090);

const server = createServer((req, res) => {
  handleRequest(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
  if (deviations.size > 0) console.error(`planted deviations on: ${[...deviations].join(', ')}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
