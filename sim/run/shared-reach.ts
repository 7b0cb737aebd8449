/**
 * How far a worker has got, in memory shared with the coordinator (a SharedArrayBuffer): the day
 * it is on and the events it has sent. Progress messages still in a dying worker's port are lost
 * with it (an out-of-memory stop, process.exit); this is written before each day and read after
 * the worker is gone, so a failure names the day it happened on (issue 12).
 */
export class SharedReach {
  static readonly BYTES = 2 * Float64Array.BYTES_PER_ELEMENT;
  readonly #cells: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    this.#cells = new Float64Array(buffer);
  }

  static create(): { buffer: SharedArrayBuffer; reach: SharedReach } {
    const buffer = new SharedArrayBuffer(SharedReach.BYTES);
    return { buffer, reach: new SharedReach(buffer) };
  }

  /** The worker starts `day` (0 is the first). */
  started(day: number): void {
    this.#cells[0] = day;
  }

  /** The worker finished a day, with `events` counted so far. */
  done(events: number): void {
    this.#cells[1] = events;
  }

  get day(): number {
    return this.#cells[0] ?? 0;
  }

  get events(): number {
    return this.#cells[1] ?? 0;
  }
}
