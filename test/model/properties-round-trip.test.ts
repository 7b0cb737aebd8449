import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  formatInstant,
  INSTANT_MAX_MS,
  INSTANT_MIN_MS,
  parseInstant,
} from '../../sim/domain/instant.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { historyArb, respell, toJsonl, zoneTransitionsMs } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';

// Why: every serializer gets a round trip (STYLE.md); a history that does not read back as written
// would make every other property test something else than it says.

/** Instants biased to the ends of the range and to offset changes, besides any. */
const instantArb = fc.oneof(
  fc.integer({ min: INSTANT_MIN_MS, max: INSTANT_MAX_MS }),
  fc.constantFrom(INSTANT_MIN_MS, INSTANT_MAX_MS, Date.UTC(2026, 0, 1), Date.UTC(2000, 1, 29)),
  fc
    .tuple(fc.constantFrom(...zoneTransitionsMs('America/Los_Angeles')), fc.integer({ min: -1, max: 1 }))
    .map(([t, d]) => t + d),
);

describe('history files and instants (round-trip properties)', () => {
  // Oracle: the generated history itself, its instants read by Date.parse, not the history reader.
  it('toJsonl then parseHistoryText gives back the policy and the events', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const read = parseHistoryText(toJsonl(history));
        expect(read.ok ? read.history.policy : read.errors).toEqual(history.policy);
        const expected = history.events.map((e) => ({ ...e, at: Date.parse(e.at) }));
        expect(read.ok && read.history.events).toEqual(expected);
      }),
      fcParams(300),
    );
  });

  // Oracle: the input itself (round trip); instant.test.ts pins each direction on hand values.
  it('parseInstant(formatInstant(ms)) === ms', () => {
    fc.assert(
      fc.property(instantArb, (ms) => {
        expect(parseInstant(formatInstant(ms))).toEqual({ ok: true, ms });
      }),
      fcParams(1000),
    );
  });

  // Oracle: the input itself; the offset spelling is written by test/arbitraries/respell.ts, not sim/.
  it('an instant written with a numeric offset reads as the same instant', () => {
    const inner = fc.integer({ min: INSTANT_MIN_MS + DAY_MS, max: INSTANT_MAX_MS - DAY_MS });
    fc.assert(
      fc.property(
        fc.oneof(
          inner,
          instantArb.filter((ms) => ms > DAY_MS && ms < INSTANT_MAX_MS - DAY_MS),
        ),
        fc.nat(3),
        (ms, spelling) => {
          const event = { id: 'e1', type: 'order.completed', at: formatInstant(ms), orderId: 'o1' } as const;
          expect(parseInstant(respell(event, spelling).at)).toEqual({ ok: true, ms });
        },
      ),
      fcParams(1000),
    );
  });
});
