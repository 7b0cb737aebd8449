import type { AffEvent } from '../domain/events.js';

/** The events of one simulated day (day d is `[startMs + d·DAY, startMs + (d+1)·DAY)`), in recording order. */
export interface DayEvents {
  readonly day: number;
  readonly dayStartMs: number;
  readonly events: readonly AffEvent[];
}
