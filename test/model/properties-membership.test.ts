import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecisionJson } from '../../sim/domain/decision.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { evaluateGenerated } from './_property-harness.js';
import { acceptedByRuleText } from './_verdict-oracle.js';

// Why: paying for orders of a store that left the programme is the costly mistake seed 000 warns
// about; under `uncharged` (the default) nothing created outside membership may earn.

describe('reference model: membership (properties)', () => {
  // Oracle: a Set of members replayed from the joins/withdrawals the rule-text replay accepts.
  it('under postWithdrawalOrders=uncharged, no order created while the store is out of the programme earns (R9)', () => {
    const uncharged = fc.oneof(
      historyArb({ policy: { postWithdrawalOrders: 'uncharged' } }),
      historyArb({ swarmPolicy: false }),
    );
    fc.assert(
      fc.property(uncharged, (history) => {
        const { policy, events, evaluation } = evaluateGenerated(history);
        const member = new Set<string>();
        const outside = new Set<string>();
        for (const { event: e } of acceptedByRuleText(events, policy)) {
          if (e.type === 'store.joined') member.add(e.storeId);
          if (e.type === 'store.withdrew') member.delete(e.storeId);
          if (e.type === 'order.created' && !member.has(e.storeId)) outside.add(e.orderId);
        }
        for (const d of evaluation.decisions) {
          if (!outside.has(d.orderId)) continue;
          const json = toDecisionJson(d);
          expect({ ...json, lines: json.lines.map((l) => l.commissionCents) }, d.orderId).toMatchObject({
            attributed: false,
            reason: 'store-not-member',
            commissionCents: 0,
            lines: json.lines.map(() => 0),
          });
        }
      }),
      fcParams(300),
    );
  });
});
