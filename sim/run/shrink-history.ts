import type { AffEvent } from '../domain/events.js';

/** Replays allowed per violation while shrinking; past it the smallest history found so far is kept. */
export const SHRINK_ATTEMPTS_MAX = 400;

export interface Shrunk {
  readonly events: readonly AffEvent[];
  /** Whether the whole history reproduced the violation at all (else nothing was removed). */
  readonly reproduced: boolean;
  readonly attempts: number;
}

/**
 * Shrinks a history to a small one on which the same violation persists, fast-check style:
 * remove a chunk of events, keep the removal when `reproduces` still holds, halve the chunk when
 * no chunk of this size can go; `pinned` events (the violation's own event or order) always stay.
 * Greedy and deterministic: the same history and target give the same result. Stops at `deadline`
 * (performance.now()) or after `attempts` replays, keeping the smallest reproducing history found.
 */
export async function shrinkHistory(
  events: readonly AffEvent[],
  pinned: (event: AffEvent) => boolean,
  reproduces: (events: readonly AffEvent[]) => Promise<boolean>,
  limits: { readonly attempts?: number; readonly deadline?: number } = {},
): Promise<Shrunk> {
  const maxAttempts = limits.attempts ?? SHRINK_ATTEMPTS_MAX;
  const deadline = limits.deadline ?? Number.POSITIVE_INFINITY;
  let attempts = 1;
  if (!(await reproduces(events))) return { events, reproduced: false, attempts };
  let current = [...events];
  let chunk = Math.max(1, Math.ceil(current.length / 2));
  for (;;) {
    let removedAny = false;
    for (let start = 0; start < current.length; ) {
      if (attempts >= maxAttempts || performance.now() > deadline) {
        return { events: current, reproduced: true, attempts };
      }
      const candidate = current.filter((e, i) => i < start || i >= start + chunk || pinned(e));
      if (candidate.length === current.length) {
        start += chunk;
        continue;
      }
      attempts += 1;
      if (await reproduces(candidate)) {
        current = candidate;
        removedAny = true;
      } else start += chunk;
    }
    if (chunk === 1 && !removedAny) return { events: current, reproduced: true, attempts };
    chunk = Math.max(1, Math.ceil(chunk / 2));
  }
}
