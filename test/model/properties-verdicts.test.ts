import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../sim/domain/instant.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { evaluateGenerated } from './_property-harness.js';
import { admissions, VerdictOracle } from './_verdict-oracle.js';

// Why: generated histories are full of boundary joins and withdrawals, late registrations,
// over-refunds and double completions; each must get exactly the answer the rule book gives.

describe('reference model: verdicts (properties)', () => {
  // Oracle: the rule text replayed (VerdictOracle, admissions); only `attributed` is the model's.
  it('every event is accepted or refused as R1, R2, R4, R14, R16 and R17 say, and orders end as R12, R14 say', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const { policy, events, evaluation, steps } = evaluateGenerated(history);
        const admitted = admissions(events);
        const oracle = new VerdictOracle(policy);
        for (const { event, index, outcome } of steps) {
          const admission = admitted[index];
          const actual =
            outcome === 'repeat' ? 'repeat' : outcome.kind === 'accepted' ? 'accepted' : outcome.rule;
          const expected =
            admission === 'repeat' ? 'repeat' : admission === 'conflict' ? 'R17' : oracle.verdict(event);
          expect(actual, `verdict on ${event.id} (${event.type} at ${formatInstant(event.at)})`).toBe(
            expected,
          );
        }
        for (const d of evaluation.decisions) {
          const book = oracle.orders.get(d.orderId);
          expect(d.lines.map((l) => l.refundedCents)).toEqual(
            d.lines.map((l) => book?.refundedCents.get(l.productId)),
          );
          const allRefunded = d.lines.every((l) => l.refundedCents === l.amountCents);
          const status = !d.attributed
            ? 'not-attributed'
            : { open: 'pending', cancelled: 'void', completed: allRefunded ? 'reversed' : 'payable' }[
                book?.lifecycle ?? 'open'
              ];
          expect(d.status, `status of ${d.orderId}`).toBe(status);
        }
      }),
      fcParams(300),
    );
  });
});
