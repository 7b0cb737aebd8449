import fc from 'fast-check';
import { DAY_MS } from '../../sim/domain/instant.js';

/**
 * The raw material of a history: steps whose numbers are read modulo what exists when the builder
 * reaches them (which buyer, store, order, line), so any sub-list of steps still builds a history
 * and shrinking is just dropping steps and moving numbers towards 0.
 */

/**
 * When a step happens, relative to the previous event:
 * - `same`: at the same instant (a tie, broken by recording order);
 * - `later`: some milliseconds to days later;
 * - `edge`: at a boundary the history has reached (a window end, joinedAt + minMembershipDays,
 *   withdrawnAt + rejoinCooldownDays, an order's creation), ±0 or ±1 ms;
 * - `midnight`: at a local midnight of the policy's zone, around its DST changes, ±0 or ±1 ms.
 * A boundary already in the past means `same`.
 */
export type Timing =
  | { readonly kind: 'same' }
  | { readonly kind: 'later'; readonly ms: number }
  | { readonly kind: 'edge' | 'midnight'; readonly pick: number; readonly offsetMs: 0 | -1 | 1 };

/** A rate: an index into a list of round and awkward rates inside `rateBounds`, or one at or past a bound. */
export type RatePick = number | 'min' | 'max' | 'below' | 'above';

/** How much a refund asks for, relative to what is left of the line. */
export type RefundPick = 'rest' | 'half' | 'one' | 'over' | 'whole-line' | 'other-product';

interface Base {
  readonly timing: Timing;
  /** Take the id of an earlier event (index, modulo) with another payload: rejected R17. */
  readonly reuseId: number | null;
}

export type Step = Base &
  (
    | {
        readonly kind: 'click';
        /** Into the (buyer, store) of the latest click instead of `buyer` and `store`: a re-click. */
        readonly again: boolean;
        readonly buyer: number;
        readonly store: number;
        readonly affiliate: number;
        readonly product: number | null;
        readonly channel: number;
      }
    | {
        readonly kind: 'order';
        /** By the (buyer, store) of the latest click instead of `buyer` and `store`. */
        readonly afterClick: boolean;
        readonly buyer: number;
        readonly store: number;
        readonly lines: readonly { readonly product: number; readonly amountCents: number }[];
      }
    | { readonly kind: 'complete'; readonly order: number }
    | { readonly kind: 'cancel'; readonly order: number }
    | { readonly kind: 'refund'; readonly order: number; readonly line: number; readonly amount: RefundPick }
    | { readonly kind: 'join'; readonly store: number; readonly rate: RatePick }
    | { readonly kind: 'defaultRate'; readonly store: number; readonly rate: RatePick }
    | { readonly kind: 'withdraw'; readonly store: number }
    | { readonly kind: 'mainSet'; readonly store: number; readonly product: number; readonly rate: RatePick }
    | { readonly kind: 'mainRemove'; readonly store: number; readonly product: number }
    | {
        readonly kind: 'categoryRate';
        readonly store: number;
        readonly category: number;
        readonly rate: RatePick;
      }
    | { readonly kind: 'register'; readonly entity: number }
    | { readonly kind: 'invalid'; readonly variant: number; readonly pick: number }
    /** The same event again (same payload, `at` perhaps spelled another way), recorded now: R17. */
    | { readonly kind: 'repeat'; readonly event: number; readonly spelling: number }
  );

export type StepKind = Step['kind'];

export const BUYER_STEP_KINDS = ['click', 'order', 'complete', 'cancel', 'refund'] as const;
export const SELLER_STEP_KINDS = [
  'join',
  'withdraw',
  'defaultRate',
  'mainSet',
  'mainRemove',
  'categoryRate',
] as const satisfies readonly StepKind[];
/** Kinds a swarm may switch off for a whole history; clicks and orders always stay. */
export const OPTIONAL_STEP_KINDS = [
  'complete',
  'cancel',
  'refund',
  ...SELLER_STEP_KINDS,
  'register',
  'invalid',
  'repeat',
] as const satisfies readonly StepKind[];

const HOUR_MS = 3_600_000;

/** Timings with boundaries `edgeWeight` in 15 times (about one in three by default). */
export function timingArb(edgeWeight = 5): fc.Arbitrary<Timing> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'same' as const }) },
    {
      weight: 6,
      arbitrary: fc
        .oneof(
          { weight: 2, arbitrary: fc.integer({ min: 1, max: 999 }) },
          { weight: 3, arbitrary: fc.integer({ min: 1, max: 3600 }).map((s) => s * 1000) },
          { weight: 3, arbitrary: fc.integer({ min: 1, max: 24 * 60 }).map((m) => (m * HOUR_MS) / 60) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.integer({ min: 1, max: 20 }), fc.nat(DAY_MS - 1))
              .map(([d, ms]) => d * DAY_MS + ms),
          },
        )
        .map((ms) => ({ kind: 'later' as const, ms })),
    },
    { weight: edgeWeight, arbitrary: boundary('edge') },
    { weight: 2, arbitrary: boundary('midnight') },
  );
}

/** Half the time the first boundary, the one the step is about (its own window end, its cooldown end). */
function boundary(kind: 'edge' | 'midnight'): fc.Arbitrary<Timing> {
  return fc.record({
    kind: fc.constant(kind),
    pick: fc.oneof(fc.constant(0), fc.nat(15)),
    offsetMs: fc.constantFrom(0, -1, 1),
  });
}

export const ratePickArb: fc.Arbitrary<RatePick> = fc.oneof(
  { weight: 8, arbitrary: fc.nat(20) },
  { weight: 1, arbitrary: fc.constantFrom('min' as const, 'max' as const) },
  { weight: 1, arbitrary: fc.constantFrom('below' as const, 'above' as const) },
);

/** Amounts that stress rounding (odd cents, x.5 results) and the BigInt path, besides everyday ones. */
export const amountCentsArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(1, 2, 3, 50, 99, 100, 101, 150, 199, 250, 2999, 10_000, 12_345) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000_000_000, max: 10_000_000_000_000 }) },
);

const pick = fc.nat(7);
const base = {
  timing: timingArb(),
  reuseId: fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
};

const arbs = {
  click: fc.record({
    ...base,
    kind: fc.constant('click' as const),
    again: fc.boolean(),
    buyer: pick,
    store: pick,
    affiliate: pick,
    product: fc.option(pick, { freq: 3, nil: null }),
    channel: fc.nat(20),
  }),
  order: fc.record({
    ...base,
    kind: fc.constant('order' as const),
    afterClick: fc.oneof(
      { weight: 2, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    buyer: pick,
    store: pick,
    lines: fc.array(fc.record({ product: pick, amountCents: amountCentsArb }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  complete: fc.record({ ...base, kind: fc.constant('complete' as const), order: pick }),
  cancel: fc.record({ ...base, kind: fc.constant('cancel' as const), order: pick }),
  refund: fc.record({
    ...base,
    kind: fc.constant('refund' as const),
    order: pick,
    line: pick,
    amount: fc.constantFrom<RefundPick>('half', 'rest', 'one', 'over', 'whole-line', 'other-product'),
  }),
  // Membership changes are mostly aimed at their boundaries (R1 cooldown, R2 minimum membership).
  join: fc.record({
    ...base,
    timing: timingArb(15),
    kind: fc.constant('join' as const),
    store: pick,
    rate: ratePickArb,
  }),
  withdraw: fc.record({
    ...base,
    timing: timingArb(15),
    kind: fc.constant('withdraw' as const),
    store: pick,
  }),
  defaultRate: fc.record({
    ...base,
    kind: fc.constant('defaultRate' as const),
    store: pick,
    rate: ratePickArb,
  }),
  mainSet: fc.record({
    ...base,
    kind: fc.constant('mainSet' as const),
    store: pick,
    product: pick,
    rate: ratePickArb,
  }),
  mainRemove: fc.record({ ...base, kind: fc.constant('mainRemove' as const), store: pick, product: pick }),
  categoryRate: fc.record({
    ...base,
    kind: fc.constant('categoryRate' as const),
    store: pick,
    category: pick,
    rate: ratePickArb,
  }),
  register: fc.record({ ...base, kind: fc.constant('register' as const), entity: pick }),
  invalid: fc.record({ ...base, kind: fc.constant('invalid' as const), variant: fc.nat(20), pick }),
  repeat: fc.record({ ...base, kind: fc.constant('repeat' as const), event: fc.nat(), spelling: fc.nat(3) }),
} satisfies { [K in StepKind]: fc.Arbitrary<Extract<Step, { kind: K }>> };

/** How often each kind is drawn: traffic and orders dominate, as on a real platform. */
const WEIGHTS: { readonly [K in StepKind]: number } = {
  click: 16,
  order: 12,
  complete: 6,
  cancel: 2,
  refund: 6,
  join: 4,
  withdraw: 4,
  defaultRate: 2,
  mainSet: 4,
  mainRemove: 2,
  categoryRate: 5,
  register: 2,
  invalid: 2,
  repeat: 2,
};

/** One step of any of `kinds` (all by default), drawn with the weights above. */
export function stepArb(kinds: readonly StepKind[] = Object.keys(arbs) as StepKind[]): fc.Arbitrary<Step> {
  return fc.oneof(...kinds.map((k) => ({ weight: WEIGHTS[k], arbitrary: arbs[k] as fc.Arbitrary<Step> })));
}
