import { z } from 'zod';
import { amount, count, probability } from './knob-types.js';

export const EDGE_KINDS = [
  /** An order at the end of the latest click's window −1, 0, +1 ms (R6, R8). */
  'windowEnd',
  /** A re-click at the end of the first click's window −1, 0, +1 ms: restart or new chain (R6, R8). */
  'windowReclick',
  /** A click at a join instant −1, 0, +1 ms (R5, membership `[joinedAt, withdrawnAt)`). */
  'join',
  /** An order (or a click) at a withdrawal instant −1, 0, +1 ms (R5, R9). */
  'withdrawal',
  /** Orders after a withdrawal, inside and just past the click's window (R9, `postWithdrawalOrders`). */
  'afterWithdrawal',
  /** An order at a rate or main-product change −1, 0, +1 ms (R10, R11). */
  'setting',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/**
 * How much traffic is packed at the edges of the rules. `bias` is the share of buyer sessions that
 * are edge sessions (of a kind drawn from `mix`), and the probability that a withdrawal or rejoin
 * lands at the membership edge itself (first an attempt at edge − 1 ms, then edge + 0 or + 1 ms;
 * R1, R2). Edges are computed with the policy's spans, exact or calendar.
 */
export const edgeKnobs = z.strictObject({
  bias: probability.default(0.002),
  mix: z
    .strictObject(
      Object.fromEntries(EDGE_KINDS.map((k) => [k, amount(1_000).default(1)])) as {
        [K in EdgeKind]: z.ZodDefault<ReturnType<typeof amount>>;
      },
    )
    .refine((mix) => Object.values(mix).some((w) => w > 0), {
      message: 'expected at least one edge kind with a positive weight',
    })
    .prefault({}),
});

export type EdgeKnobs = z.output<typeof edgeKnobs>;

/** A burst of traffic on some days (a sales event): sessions and conversion are multiplied. */
export const burstKnobs = z.strictObject({
  name: z.string().min(1).max(60),
  /** First day of the burst, counted from the scenario start (day 0). */
  fromDay: count(0, 3650),
  days: count(1, 3650).default(1),
  trafficMultiplier: amount(1_000).default(1),
  conversionMultiplier: amount(100).default(1),
});

export type Burst = z.output<typeof burstKnobs>;
