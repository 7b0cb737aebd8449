import { expect, test } from 'vitest';
import { toDecisionJson } from '../../sim/domain/decision.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { parseHistoryText, readHistory } from '../../sim/history/read-history.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';

// The worked example at the end of EVENTS.md, verbatim.
const WORKED_EXAMPLE = `{"type":"policy","windowDays":15,"credit":"last-click","postWithdrawalOrders":"uncharged","categoryRates":"retired"}
{"id":"e1","type":"store.registered","at":"2026-01-01T00:00:00Z","storeId":"s1","products":[{"productId":"p1","categoryId":"c1"},{"productId":"p2","categoryId":"c2"}]}
{"id":"e2","type":"affiliate.registered","at":"2026-01-01T00:00:00Z","affiliateId":"a1","channel":"sns"}
{"id":"e3","type":"store.joined","at":"2026-01-01T00:00:00Z","storeId":"s1","defaultRateBps":500}
{"id":"e4","type":"store.mainProductSet","at":"2026-01-02T00:00:00Z","storeId":"s1","productId":"p1","rateBps":2000}
{"id":"e5","type":"click","at":"2026-01-03T00:00:00Z","buyerId":"b1","affiliateId":"a1","storeId":"s1","productId":"p1","channel":"sns"}
{"id":"e6","type":"order.created","at":"2026-01-05T00:00:00Z","orderId":"o1","buyerId":"b1","storeId":"s1","lines":[{"productId":"p1","amountCents":10000},{"productId":"p2","amountCents":2999}]}
{"id":"e7","type":"order.refunded","at":"2026-01-06T00:00:00Z","orderId":"o1","productId":"p2","amountCents":999}
{"id":"e8","type":"order.completed","at":"2026-01-20T00:00:00Z","orderId":"o1"}
`;

/**
 * EVENTS.md: o1 is attributed to a1 (click e5, window ends 2026-01-18); p1 main 2000 bps on 10000
 * → 2000; p2 default 500 bps on 2999 − 999 = 2000 → 100; payable, commission 2100.
 */
const STATED_DECISION = {
  orderId: 'o1',
  attributed: true,
  reason: null,
  affiliateId: 'a1',
  clickAt: '2026-01-03T00:00:00.000Z',
  windowEndsAt: '2026-01-18T00:00:00.000Z',
  status: 'payable',
  commissionCents: 2100,
  lines: [
    {
      productId: 'p1',
      amountCents: 10000,
      refundedCents: 0,
      rateBps: 2000,
      tier: 'main',
      commissionCents: 2000,
    },
    {
      productId: 'p2',
      amountCents: 2999,
      refundedCents: 999,
      rateBps: 500,
      tier: 'default',
      commissionCents: 100,
    },
  ],
};

function decide(read: ReturnType<typeof parseHistoryText>) {
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const { decisions, rejected } = evaluateHistory(
    read.history.events,
    withOverrides(DEFAULT_POLICY, read.history.policy),
  );
  return { decisions: decisions.map(toDecisionJson), rejected };
}

test('the worked example of EVENTS.md gives exactly the stated decision', () => {
  expect(decide(parseHistoryText(WORKED_EXAMPLE))).toEqual({ decisions: [STATED_DECISION], rejected: [] });
});

test('scenarios/examples/worked-example.jsonl is that example and gives the same decision', async () => {
  const file = new URL('../../scenarios/examples/worked-example.jsonl', import.meta.url);
  const read = await readHistory(file.pathname);
  expect(decide(read)).toEqual({ decisions: [STATED_DECISION], rejected: [] });
});
