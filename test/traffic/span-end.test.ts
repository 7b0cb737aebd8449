import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { spanEndMs as modelSpanEndMs } from '../../sim/model/day-span.js';
import { spanEndMs } from '../../sim/traffic/span-end.js';

// Why: the generator computes spans on its own (never the model's rule code); both must agree, or edges miss.
describe('spanEndMs (generator side)', () => {
  const calendar = (timeZone: string) => withOverrides(DEFAULT_POLICY, { dayBoundary: 'calendar', timeZone });

  it('is start + N days in exact mode', () => {
    expect(spanEndMs(1_000, 15, DEFAULT_POLICY)).toBe(1_000 + 15 * DAY_MS);
  });

  it('agrees with the model in calendar mode around DST changes and midnights', () => {
    for (const zone of ['America/Los_Angeles', 'Europe/Berlin', 'America/Sao_Paulo', 'Australia/Sydney']) {
      const policy = calendar(zone);
      for (let t = Date.UTC(2026, 1, 20); t < Date.UTC(2026, 3, 10); t += 7 * 3_600_000 + 1) {
        for (const days of [0, 1, 15])
          expect(spanEndMs(t, days, policy)).toBe(modelSpanEndMs(t, days, policy));
      }
    }
  });
});
