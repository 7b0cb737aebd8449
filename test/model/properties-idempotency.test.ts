import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateEvents, duplicatePicksArb, historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { decisionsJson, evaluateGenerated } from './_property-harness.js';

// Why: clients retry; R17 says a repeat of an accepted id (same payload, however the instant is
// spelled) is acknowledged with the original answer and changes nothing.

describe('reference model: idempotency (properties)', () => {
  // Oracle: the model's own answer without the copies (metamorphic, R17); no model code is mirrored.
  it('recording events again with the same id and payload equals recording them once (R17)', () => {
    fc.assert(
      fc.property(historyArb(), duplicatePicksArb, (history, picks) => {
        const once = evaluateGenerated(history).evaluation;
        const twice = evaluateGenerated({
          ...history,
          events: duplicateEvents(history.events, picks),
        }).evaluation;
        expect(decisionsJson(twice)).toEqual(decisionsJson(once));
        // A copy of an event that was itself an R17 conflict is one again: same entry, listed again.
        const unique = (rs: typeof once.rejected) => [
          ...new Map(rs.map((r) => [JSON.stringify(r), r])).values(),
        ];
        expect(unique(twice.rejected)).toEqual(unique(once.rejected));
      }),
      fcParams(300),
    );
  });
});
