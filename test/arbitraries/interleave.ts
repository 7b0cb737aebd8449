import fc from 'fast-check';
import type { RawEvent } from './raw-event.js';

/** Choices for `interleave`: shrinking them to `false` records all of `a` first. */
export const interleaveChoicesArb: fc.Arbitrary<boolean[]> = fc.array(fc.boolean(), { maxLength: 300 });

/**
 * Records two event lists as one, each keeping its own recording order: `choices[k]` true takes
 * the next event of `b`, false of `a` (choices repeat when they run out). For disjoint histories
 * every interleaving is allowed: their events never name the same thing.
 */
export function interleave(
  a: readonly RawEvent[],
  b: readonly RawEvent[],
  choices: readonly boolean[],
): RawEvent[] {
  const out: RawEvent[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; i < a.length || j < b.length; k += 1) {
    const takeB = j < b.length && (i >= a.length || choices[k % Math.max(1, choices.length)] === true);
    out.push((takeB ? b[j++] : a[i++]) as RawEvent);
  }
  return out;
}
