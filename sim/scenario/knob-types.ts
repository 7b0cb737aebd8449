import { z } from 'zod';

/** Building blocks of the scenario schema: every knob says its unit and range in its error. */

export const probability = z
  .number()
  .min(0, 'expected a probability in 0..1')
  .max(1, 'expected a probability in 0..1');

export function count(min: number, max: number) {
  return z
    .number()
    .int(`expected an integer in ${min}..${max}`)
    .min(min, `expected an integer in ${min}..${max}`)
    .max(max, `expected an integer in ${min}..${max}`);
}

/** A non-negative rate or mean (events per 30 days, days, multipliers), bounded so typos fail loudly. */
export function amount(max: number) {
  return z.number().min(0, `expected a number in 0..${max}`).max(max, `expected a number in 0..${max}`);
}

/** An inclusive integer range `{ min, max }` inside `lo..hi`. */
export function intRange(lo: number, hi: number) {
  return z
    .strictObject({ min: count(lo, hi), max: count(lo, hi) })
    .refine((r) => r.min <= r.max, { message: 'expected min <= max', path: ['max'] });
}

export type IntRange = z.output<ReturnType<typeof intRange>>;
