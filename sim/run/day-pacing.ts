/**
 * How far a worker may run ahead of the slowest one, in simulated days. The platform's pair expiry
 * (server/README "Pair expiry") is exact only while no buyer event arrives more than its lag behind
 * the latest one; paced like this, a run's buyer events arrive at most WORKER_DAYS_AHEAD_MAX + 1
 * days apart (5, inside the default 7-day lag), while workers still overlap enough not to wait on
 * each other's every day.
 */
export const WORKER_DAYS_AHEAD_MAX = 4;

/** The coordinator's message to every worker: each of them has finished `slowestDay` (run-simulation.ts). */
export interface PaceMessage {
  readonly slowestDay: number;
}

/**
 * A worker's side of the pacing: `turn(day)` resolves once the slowest worker is close enough for
 * `day` to start (or the run stops). The slowest day only rises.
 */
export class DayPacer {
  #slowestDay = -1;
  #stopped = false;
  #waiting: { readonly day: number; readonly go: () => void }[] = [];

  /** Every worker has finished `day` (messages can arrive out of order: the largest counts). */
  update(day: number): void {
    if (day <= this.#slowestDay) return;
    this.#slowestDay = day;
    this.#release();
  }

  /** The run stops: nobody waits any more (the shard sees its stop before the day). */
  stop(): void {
    this.#stopped = true;
    this.#release();
  }

  turn(day: number): Promise<void> {
    if (this.#mayStart(day)) return Promise.resolve();
    return new Promise((go) => this.#waiting.push({ day, go }));
  }

  #mayStart(day: number): boolean {
    return this.#stopped || day <= this.#slowestDay + 1 + WORKER_DAYS_AHEAD_MAX;
  }

  #release(): void {
    const ready = this.#waiting.filter((w) => this.#mayStart(w.day));
    this.#waiting = this.#waiting.filter((w) => !this.#mayStart(w.day));
    for (const w of ready) w.go();
  }
}
