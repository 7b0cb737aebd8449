/**
 * A click's event id as two 32-bit numbers, when it is one the simulator wrote
 * (`b<buyer>.<day>-<seq>.click`, sim/traffic/event-ids.ts), so the checker's recent clicks
 * (recent-clicks.ts) keep 8 bytes for the id instead of a ~32-byte string. Only a canonical id
 * is coded — digits without leading zeros, buyer < 2³², day and seq < 2¹⁶ — so `decode(encode(id))`
 * is the id itself, character for character; any other id (a user module's traffic, a test's)
 * is not coded (`encode` gives false) and its owner keeps the string.
 */
const B = 0x62; // 'b'
const DOT = 0x2e;
const DASH = 0x2d;
const SUFFIX = '.click';

export class ClickIdCode {
  /** The coded id after a successful `encode`: the buyer, and day × 2¹⁶ + seq. */
  buyer = 0;
  daySeq = 0;

  /** Codes the id into `buyer` and `daySeq`; false when it is not a canonical simulator click id. */
  encode(id: string): boolean {
    const n = id.length;
    if (n < 12 || id.charCodeAt(0) !== B || !id.endsWith(SUFFIX)) return false;
    const end = n - SUFFIX.length;
    let at = 1;
    const buyer = this.#digits(id, at, end, 0xffff_ffff);
    if (buyer < 0 || id.charCodeAt(this.#end) !== DOT) return false;
    at = this.#end + 1;
    const day = this.#digits(id, at, end, 0xffff);
    if (day < 0 || id.charCodeAt(this.#end) !== DASH) return false;
    at = this.#end + 1;
    const seq = this.#digits(id, at, end, 0xffff);
    if (seq < 0 || this.#end !== end) return false;
    this.buyer = buyer;
    this.daySeq = day * 0x1_0000 + seq;
    return true;
  }

  #end = 0;

  /** The number written from `at` (before `limit`), or -1: none, a leading zero, or above `max`. */
  #digits(id: string, at: number, limit: number, max: number): number {
    let value = 0;
    let i = at;
    for (; i < limit; i += 1) {
      const d = id.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      if (i > at && value === 0) return -1;
      value = value * 10 + d;
      if (value > max) return -1;
    }
    this.#end = i;
    return i === at ? -1 : value;
  }
}

/** The id `ClickIdCode.encode` coded. */
export function decodeClickId(buyer: number, daySeq: number): string {
  return `b${buyer}.${daySeq >>> 16}-${daySeq & 0xffff}.click`;
}
