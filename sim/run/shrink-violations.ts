import { join } from 'node:path';
import type { AffEvent } from '../domain/events.js';
import type { Policy, PolicyOverrides } from '../domain/policy.js';
import { readHistory } from '../history/read-history.js';
import { writeHistory } from '../history/write-history.js';
import type { DecisionField } from './define-target.js';
import { type Replayer, replayHistory } from './replay-history.js';
import type { Violation } from './run-result.js';
import { shrinkHistory } from './shrink-history.js';
import { oneLine } from './target-error.js';

/** Wall time the shrinking of one run may take in all; past it the remaining histories stay supersets. */
export const SHRINK_BUDGET_MS = 60_000;

export interface ShrinkOptions {
  readonly outDir: string;
  readonly policy: Policy;
  readonly policyOverrides: PolicyOverrides;
  readonly compare: readonly DecisionField[];
  /** The target to replay on, or why there is none. */
  readonly replayer: Replayer | string;
  readonly budgetMs?: number;
  /** The run had several workers or shards, each sending the seller timeline in its own time. */
  readonly sharded?: boolean;
  /** The run injected faults (`--faults`): an event may have reached the target twice. */
  readonly faulted?: boolean;
}

/**
 * Shrinks each kept violation's history (a superset, written by its worker) to a small
 * counterexample on which the same violation (same subject, same fingerprint) persists when
 * replayed on the target from a clean start (issue 10). A history that does not reproduce on a
 * replay (a violation seen at a daily read that the final read no longer shows) or a target that
 * cannot be reset keeps the superset, and the violation says why.
 */
export async function shrinkViolations(
  violations: readonly Violation[],
  o: ShrinkOptions,
): Promise<Violation[]> {
  const deadline = performance.now() + (o.budgetMs ?? SHRINK_BUDGET_MS);
  const out: Violation[] = [];
  for (const v of violations) {
    if (typeof o.replayer === 'string') {
      out.push({ ...v, history: { ...v.history, note: o.replayer } });
      continue;
    }
    if (performance.now() > deadline) {
      out.push({ ...v, history: { ...v.history, note: 'not shrunk: the time for shrinking ran out' } });
      continue;
    }
    const path = join(o.outDir, v.historyFile);
    const read = await readHistory(path);
    if (!read.ok) throw new Error(`${path}: the history just written does not read back`);
    const replayer = o.replayer;
    // The same violation must persist, and a cut may not make the platform diverge in a new way
    // (dropping an affiliate's registration a service does not take makes the model refuse its
    // clicks): every violation of a candidate is of a kind the whole history already shows.
    let redelivered = false;
    const same = (k: Violation) =>
      (k.subject === v.subject && k.fingerprint === v.fingerprint) ||
      (redelivered && k.kind === 'answer' && k.subject === `${v.subject} (repeat)`);
    let allowed: Set<string> | undefined;
    const reproduces = async (events: readonly AffEvent[]) => {
      const kept = (await replayHistory(events, o.policy, replayer, o.compare)).checker.keptViolations();
      const kinds = new Set(kept.map((k) => k.violation.fingerprint));
      allowed ??= kinds;
      const bounded = allowed;
      return kept.some((k) => same(k.violation)) && [...kinds].every((f) => bounded.has(f));
    };
    // The answer's own event, or the order's creation.
    const own = read.history.events.find((e) => e.id === v.subject);
    const pinned = (e: AffEvent) =>
      v.kind === 'answer' ? e === own : e.type === 'order.created' && e.orderId === v.subject;
    let events = read.history.events;
    try {
      // Every worker of a sharded run delivered the seller timeline, and a faulted run retried and
      // duplicated requests: an answer that only a later delivery got wrong (the platform saw a
      // repeat, R17) shows on a second delivery.
      const seller =
        own !== undefined && (own.type.startsWith('store.') || own.type === 'affiliate.registered');
      const twiceSent = o.faulted || (o.sharded && seller);
      if (v.kind === 'answer' && own !== undefined && twiceSent && !(await reproduces(events))) {
        const at = events.indexOf(own) + 1;
        const twice = [...events.slice(0, at), { ...own }, ...events.slice(at)];
        redelivered = true;
        allowed = undefined;
        if (await reproduces(twice)) events = twice;
        else {
          redelivered = false;
          allowed = undefined;
        }
      }
    } catch {
      // Replaying failed: the shrink below says so.
    }
    let shrunk: Awaited<ReturnType<typeof shrinkHistory>>;
    try {
      shrunk = await shrinkHistory(events, pinned, reproduces, { deadline });
    } catch (e) {
      // The run is checked and counted; a target that fails while replaying costs only the shrink.
      const why = oneLine(e instanceof Error ? e.message : String(e));
      out.push({ ...v, history: { ...v.history, note: `not shrunk: replaying failed: ${why}` } });
      continue;
    }
    if (!shrunk.reproduced) {
      out.push({
        ...v,
        history: {
          ...v.history,
          note: `not shrunk: replayed from a clean start, the history does not show this violation at its end (it was seen at a daily read${o.sharded ? ", or it depended on another worker's later seller events arriving first, which no history records: --workers 1 keeps every dependency in the history" : ''}${o.faulted ? ', or it needed a fault the run injected, such as an event delivered twice (--faults)' : ''})`,
        },
      });
      continue;
    }
    await writeHistory(path, shrunk.events, o.policyOverrides);
    out.push({
      ...v,
      history: { events: shrunk.events.length, supersetEvents: v.history.supersetEvents, form: 'shrunk' },
    });
  }
  return out;
}
