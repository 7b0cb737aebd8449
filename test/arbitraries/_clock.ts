import { DAY_MS } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import { pick } from './_pick.js';
import { expectedSpanEndMs, localDayStartMs, zoneTransitionsMs, zoneYearStartMs } from './calendar.js';
import type { StartPick } from './history-plan.js';
import type { Timing } from './step-arb.js';

/** Marks further ahead than this are not jumped to: a history stays within a season. */
const ZONE_MARKS_HORIZON_MS = 60 * DAY_MS;

/**
 * Simulated time of a history being built: it only moves forward, and each step's `Timing` says
 * where to (a delay, a boundary the step cares about, a local midnight near a DST change).
 */
export class Clock {
  #nowMs: number;
  readonly #policy: Policy;
  /** Local midnights around the zone's offset changes, and days that end spans on them. */
  readonly #zoneMarksMs: readonly number[];

  constructor(policy: Policy, start: StartPick) {
    this.#policy = policy;
    this.#nowMs = startMs(start, policy.timeZone);
    this.#zoneMarksMs = zoneMarksMs(policy);
  }

  get nowMs(): number {
    return this.#nowMs;
  }

  /** Where a span of `days` from `startMs` ends under the policy (the arbitraries' own reading of `dayBoundary`). */
  spanEndMs(startMs: number, days: number): number {
    return expectedSpanEndMs(startMs, days, this.#policy);
  }

  /** Resolves a step's timing against the boundaries it cares about (first) and every other one. */
  at(timing: Timing, anchorsMs: readonly number[]): number {
    let atMs = this.#nowMs;
    if (timing.kind === 'later') atMs += timing.ms;
    else if (timing.kind !== 'same') {
      const candidates = timing.kind === 'edge' ? anchorsMs : this.#midnightsMs();
      const target = candidates[timing.pick % Math.max(1, candidates.length)];
      if (target !== undefined) atMs = target + timing.offsetMs;
    }
    this.#nowMs = Math.max(this.#nowMs, atMs);
    return this.#nowMs;
  }

  /** The next local midnights, then the marks around the zone's offset changes still ahead. */
  #midnightsMs(): number[] {
    const { timeZone } = this.#policy;
    const next = [localDayStartMs(this.#nowMs, timeZone, 1), localDayStartMs(this.#nowMs, timeZone, 2)];
    const horizonMs = this.#nowMs + ZONE_MARKS_HORIZON_MS;
    return [...next, ...this.#zoneMarksMs.filter((t) => t >= this.#nowMs && t <= horizonMs)];
  }
}

function startMs(start: StartPick, timeZone: string): number {
  const changes = zoneTransitionsMs(timeZone);
  const anchorMs = changes.length > 0 ? pick(changes, start.transition) : zoneYearStartMs(timeZone);
  return localDayStartMs(anchorMs, timeZone, -start.daysBefore) + start.offsetMs;
}

/**
 * Instants worth landing on in the policy's zone: each offset change, the local midnights of its
 * day and the next, and the local midnights from which a window, a minimum membership or a
 * cooldown span ends on the change's day.
 */
function zoneMarksMs(policy: Policy): number[] {
  const { timeZone } = policy;
  const marks: number[] = [];
  for (const changeMs of zoneTransitionsMs(timeZone)) {
    marks.push(changeMs, localDayStartMs(changeMs, timeZone, 0), localDayStartMs(changeMs, timeZone, 1));
    for (const days of [policy.windowDays, policy.minMembershipDays, policy.rejoinCooldownDays])
      marks.push(localDayStartMs(changeMs, timeZone, -days), localDayStartMs(changeMs, timeZone, 1 - days));
  }
  return [...new Set(marks)].sort((a, b) => a - b);
}
