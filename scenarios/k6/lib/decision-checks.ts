import { dequal } from 'dequal/lite';
import { check } from 'k6';
import type { RefinedResponse, ResponseType } from 'k6/http';
import type { DecisionJson } from '../../../sim/domain/decision.js';
import { verifiedDecisions } from './verified-decisions.js';

type Response = RefinedResponse<ResponseType | undefined>;
type Line = DecisionJson['lines'][number];

/** Mismatches printed per VU: enough to see what differs without flooding the console at 1000 req/s. */
const MISMATCHES_SHOWN_MAX = 3;
let mismatchesShown = 0;

/**
 * Checks an attribution answer against the expected decision, field group by field group (so the
 * summary says which part broke), then as a whole. A fully matching answer counts as verified.
 */
export function checkDecision(res: Response, expected: DecisionJson): boolean {
  const body = jsonBody(res) as Partial<DecisionJson> | null;
  const lines: Partial<Line>[] = body !== null && Array.isArray(body.lines) ? body.lines : [];
  const sameLines = (same: (got: Partial<Line>, want: Line) => boolean) =>
    lines.length === expected.lines.length && expected.lines.every((want, i) => same(lines[i] ?? {}, want));
  const ok = check(res, {
    'attribution: 200': (r) => r.status === 200,
    'attribution: status': () => body?.status === expected.status,
    'attribution: affiliate': () =>
      body?.attributed === expected.attributed &&
      body?.affiliateId === expected.affiliateId &&
      body?.reason === expected.reason,
    'attribution: commission': () =>
      body?.commissionCents === expected.commissionCents &&
      sameLines((got, want) => got.commissionCents === want.commissionCents),
    'attribution: tiers': () =>
      sameLines((got, want) => got.tier === want.tier && got.rateBps === want.rateBps),
    'attribution: whole decision': () => dequal(body, expected),
  });
  if (ok) verifiedDecisions.add(1);
  else showMismatch(`decision of ${expected.orderId}`, expected, res);
  return ok;
}

/** The parsed JSON body, or null for an empty or non-JSON body (a check fails; the script goes on). */
export function jsonBody(res: Response): unknown {
  if (typeof res.body !== 'string' || res.body === '') return null;
  try {
    return JSON.parse(res.body);
  } catch {
    return null;
  }
}

/**
 * Whether a failed check of `res` may still be printed: the VU's budget of MISMATCHES_SHOWN_MAX
 * messages (one for reads and writes alike) takes one. A request k6 cut off (status 0, as after an
 * aborted breakpoint run) says nothing about the service: its check counts it, nothing is printed.
 */
export function mayShowMismatch(res: { readonly status: number }): boolean {
  if (mismatchesShown >= MISMATCHES_SHOWN_MAX || res.status === 0) return false;
  mismatchesShown += 1;
  return true;
}

export function showMismatch(what: string, expected: unknown, res: Response): void {
  if (!mayShowMismatch(res)) return;
  const replayed =
    res.headers['Idempotent-Replayed'] === undefined ? '' : ' (a replay of an earlier event id, R17)';
  console.error(
    `${what}: expected ${JSON.stringify(expected)}, got ${res.status}${replayed} ${String(res.body).slice(0, 2_000)}`,
  );
}
