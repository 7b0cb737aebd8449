import type { UnattributedReason } from '../../sim/domain/decision.js';
import type { AffEvent, EventOf } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import { acceptedByRuleText } from './_verdict-oracle.js';

/**
 * A brute-force reading of R5–R9 (RULES.md), for properties-window.test.ts.
 *
 * Why it is independent of sim/model: it imports nothing from it, and it keeps no running state.
 * The model walks the history once and carries, per (buyer, store), a window chain that each
 * qualifying click restarts or replaces; this oracle instead answers every order from scratch by
 * searching the whole history: it lists every click of the order's (buyer, store) recorded before
 * the order in evaluation order, asks a membership timeline (intervals built by one scan of the
 * accepted joins and withdrawals) whether the store was a member at each click, takes c* as the
 * maximum by (time, recording order), and finds the first click of c*'s chain by looking back over
 * the qualifying clicks for the last break (a click at or after the previous click's window end).
 * Which events are accepted at all comes from the rule-text replay in _verdict-oracle.ts, not from
 * the model's answers. Calendar window ends are found by bisection on the local date as
 * `Intl.DateTimeFormat` prints it (the first instant whose local date is the N-th day after the
 * click's), not with Temporal's start-of-day arithmetic that sim/model/day-span.ts uses.
 */

/** RULES.md: `DAY` = 86 400 000 ms. */
const DAY = 86_400_000;

export interface ExpectedAttribution {
  readonly attributed: boolean;
  readonly reason: UnattributedReason | null;
  readonly affiliateId: string | null;
  readonly clickAtMs: number | null;
  readonly windowEndsAtMs: number | null;
}

export interface WindowOracleAnswer {
  /** Every order RULES.md accepts, by order id. */
  readonly orders: ReadonlyMap<string, ExpectedAttribution>;
  /** Every click RULES.md accepts, by recording index: whether it qualifies (R5). */
  readonly qualifying: ReadonlyMap<number, boolean>;
}

/** A point in evaluation order: an event's `at`, ties broken by recording order. */
interface Point {
  readonly at: number;
  readonly index: number;
}

const before = (a: Point, b: Point): boolean => a.at < b.at || (a.at === b.at && a.index < b.index);

interface Click extends Point {
  readonly buyerId: string;
  readonly storeId: string;
  readonly affiliateId: string;
  readonly qualifies: boolean;
}

export function expectedWindows(events: readonly AffEvent[], policy: Policy): WindowOracleAnswer {
  const accepted = acceptedByRuleText(events, policy).map(({ event, index }) => ({
    event,
    point: { at: event.at, index },
  }));
  const memberAt = membershipTimeline(accepted);

  const clicks: Click[] = [];
  for (const { event, point } of accepted) {
    if (event.type !== 'click') continue;
    const { buyerId, storeId, affiliateId } = event;
    clicks.push({ ...point, buyerId, storeId, affiliateId, qualifies: memberAt(storeId, point) });
  }

  const orders = new Map<string, ExpectedAttribution>();
  for (const { event, point } of accepted) {
    if (event.type !== 'order.created') continue;
    orders.set(event.orderId, attributionOf(event, point, clicks, memberAt, policy));
  }
  return { orders, qualifying: new Map(clicks.map((c) => [c.index, c.qualifies])) };
}

/**
 * Membership as intervals [join, withdrawal) of evaluation points (RULES.md "Order of evaluation":
 * a click recorded before a join at the same instant sees a non-member; one recorded before a
 * withdrawal at the same instant still sees a member). An interval still open has no end.
 */
function membershipTimeline(
  accepted: readonly { event: AffEvent; point: Point }[],
): (storeId: string, at: Point) => boolean {
  const intervals: { storeId: string; from: Point; to: Point | undefined }[] = [];
  for (const { event, point } of accepted) {
    if (event.type === 'store.joined') intervals.push({ storeId: event.storeId, from: point, to: undefined });
    if (event.type === 'store.withdrew') {
      const open = intervals.find((i) => i.storeId === event.storeId && i.to === undefined);
      if (open === undefined) throw new Error(`oracle: accepted withdrawal ${event.id} of a non-member`);
      open.to = point;
    }
  }
  return (storeId, at) =>
    intervals.some(
      (i) => i.storeId === storeId && before(i.from, at) && (i.to === undefined || before(at, i.to)),
    );
}

function attributionOf(
  order: EventOf<'order.created'>,
  at: Point,
  clicks: readonly Click[],
  memberAt: (storeId: string, at: Point) => boolean,
  policy: Policy,
): ExpectedAttribution {
  const T = order.at;
  // R7: only this (buyer, store); R5: only qualifying clicks; evaluation order: only those before the order.
  const qualifying = clicks
    .filter((c) => c.buyerId === order.buyerId && c.storeId === order.storeId)
    .filter((c) => before(c, at) && c.qualifies)
    .sort((a, b) => a.at - b.at || a.index - b.index);
  // R8: c* is the latest qualifying click with c* <= T; equal instants: the later recorded.
  let cStar: Click | undefined;
  for (const c of qualifying) if (c.at <= T && (cStar === undefined || before(cStar, c))) cStar = c;

  const inWindow = cStar !== undefined && T < windowEnd(cStar.at, policy);
  const memberAtT = memberAt(order.storeId, at);
  // R9 under honor-click-window: also an affiliate order if in window and c* was made while a member.
  const saved =
    policy.postWithdrawalOrders === 'honor-click-window' &&
    cStar !== undefined &&
    inWindow &&
    memberAt(order.storeId, cStar);
  const none = { attributed: false, affiliateId: null, clickAtMs: null, windowEndsAtMs: null } as const;
  if (!memberAtT && !saved) return { ...none, reason: 'store-not-member' };
  if (cStar === undefined) return { ...none, reason: 'no-click' };
  if (!inWindow) return { ...none, reason: 'window-expired' };

  const credited = policy.credit === 'last-click' ? cStar : chainStart(qualifying, cStar, policy);
  return {
    attributed: true,
    reason: null,
    affiliateId: credited.affiliateId,
    clickAtMs: credited.at,
    windowEndsAtMs: windowEnd(cStar.at, policy),
  };
}

/**
 * R8 first-click: the first click of the chain that ends at c*, a chain being consecutive
 * qualifying clicks each inside the previous one's window. Among the clicks up to c*, the chain
 * starts at the last click that is not inside its predecessor's window (or at the very first click).
 */
function chainStart(qualifying: readonly Click[], cStar: Click, policy: Policy): Click {
  const upTo = qualifying.slice(0, qualifying.indexOf(cStar) + 1);
  let start = upTo[0] as Click;
  for (let i = 1; i < upTo.length; i += 1) {
    const previous = upTo[i - 1] as Click;
    const click = upTo[i] as Click;
    const insidePrevious = previous.at <= click.at && click.at < windowEnd(previous.at, policy);
    if (!insidePrevious) start = click;
  }
  return start;
}

/**
 * R6 with `dayBoundary`: the end of the half-open window [c, end) of a click at c. `exact`:
 * c + windowDays·DAY. `calendar`: the local midnight in `timeZone` that starts the windowDays-th
 * day after c's local day, i.e. the first instant whose local date is that day.
 */
export function windowEnd(
  c: number,
  policy: Pick<Policy, 'windowDays' | 'dayBoundary' | 'timeZone'>,
): number {
  if (policy.dayBoundary === 'exact') return c + policy.windowDays * DAY;
  return firstInstantOfLocalDate(
    addDays(localDate(c, policy.timeZone), policy.windowDays),
    policy.timeZone,
    c,
  );
}

const firstInstants = new Map<string, number>();

/**
 * Bisection for the first instant whose local date is `date` or later, starting from a point two
 * days before `near` (a date before `date` for windows of 0 days or more). Relies only on local
 * dates never going backwards as instants advance, which holds for the zones histories use.
 */
function firstInstantOfLocalDate(date: string, timeZone: string, near: number): number {
  const key = `${timeZone} ${date}`;
  const known = firstInstants.get(key);
  if (known !== undefined) return known;
  let lo = near - 2 * DAY; // local date < `date`
  let hi = lo + DAY;
  while (localDate(hi, timeZone) < date) hi += DAY; // local date >= `date`
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (localDate(mid, timeZone) < date) lo = mid;
    else hi = mid;
  }
  firstInstants.set(key, hi);
  return hi;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of an instant in `timeZone`, as `YYYY-MM-DD` (so strings compare as dates). */
function localDate(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${String(parts.year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}

/** `date` (YYYY-MM-DD) plus `days` calendar days, in plain proleptic Gregorian arithmetic. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
