import { compareKeys, compareViolations } from './result-order.js';
import type { RunResult, SellerAnswerViolation, Violation } from './run-result.js';

/**
 * Every shard of a sharded run delivers the whole seller timeline (each of its events once per
 * shard, through its own connection: duplicate deliveries across shards, R17) and compares every
 * answer with the model's. A platform that answers one seller event wrongly on every delivery is
 * one wrong answer of the history, not one per shard; one that answers only another shard's
 * delivery wrongly (an idempotency cache per instance, a race on the first delivery) is caught on
 * that shard. So each shard lists the seller-answer violations it found, and a merge counts each
 * (event, group) once, whatever the number of shards.
 *
 * A shard lists at most this many; past it, a seller answer found wrong by several shards is
 * counted once per shard (the result stays bounded by the seller timeline, which is the world's).
 */
export const SELLER_ANSWER_VIOLATIONS_MAX = 10_000;

/** A shard's list, bounded by SELLER_ANSWER_VIOLATIONS_MAX. */
export class SellerAnswerList {
  readonly list: SellerAnswerViolation[] = [];

  add(eventId: string, fingerprint: string, day: number): void {
    if (this.list.length < SELLER_ANSWER_VIOLATIONS_MAX) this.list.push({ eventId, fingerprint, day });
  }
}

export function sellerAnswerKey(v: Pick<SellerAnswerViolation, 'eventId' | 'fingerprint'>): string {
  return `${v.fingerprint}\u0000${v.eventId}`;
}

export function compareSellerAnswerViolations(a: SellerAnswerViolation, b: SellerAnswerViolation): number {
  return compareKeys(a.eventId, b.eventId) || compareKeys(a.fingerprint, b.fingerprint);
}

export interface SellerAnswerOverlap {
  /** The union of the inputs' lists, each (event, group) once, in canonical order. */
  readonly list: SellerAnswerViolation[];
  /** Group fingerprint → violations counted more than once by the inputs (to take off its count). */
  readonly extraByGroup: ReadonlyMap<string, number>;
  /** Day → the same, for the daily violation counts. */
  readonly extraByDay: ReadonlyMap<number, number>;
}

/** What the inputs of a merge counted twice: each (event, group) listed by n inputs, n − 1 times. */
export function sellerAnswerOverlap(results: readonly RunResult[]): SellerAnswerOverlap {
  const seen = new Map<string, SellerAnswerViolation>();
  const extraByGroup = new Map<string, number>();
  const extraByDay = new Map<number, number>();
  for (const r of results) {
    for (const v of r.sellerAnswerViolations ?? []) {
      const key = sellerAnswerKey(v);
      if (!seen.has(key)) {
        seen.set(key, v);
        continue;
      }
      extraByGroup.set(v.fingerprint, (extraByGroup.get(v.fingerprint) ?? 0) + 1);
      extraByDay.set(v.day, (extraByDay.get(v.day) ?? 0) + 1);
    }
  }
  return { list: [...seen.values()].sort(compareSellerAnswerViolations), extraByGroup, extraByDay };
}

/**
 * The kept examples without the copies several shards kept of one seller answer (same kind,
 * subject and group; a seller event's history is its store's timeline, the same on every shard,
 * so the copies share one history file).
 */
export function withoutCopies(violations: readonly Violation[]): Violation[] {
  const byKey = new Map<string, Violation>();
  for (const v of violations) {
    const key = JSON.stringify([v.kind, v.subject, v.fingerprint]);
    const other = byKey.get(key);
    // The first in canonical order, so the merge does not depend on the order of its inputs.
    if (other === undefined || compareViolations(v, other) < 0) byKey.set(key, v);
  }
  return [...byKey.values()];
}
