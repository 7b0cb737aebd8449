import type { AffEvent } from '../domain/events.js';

/**
 * An event id and an event's canonical payload (canonicalPayload in sim/domain/events.ts: keys
 * sorted, undefined fields left out) as non-cryptographic hashes, computed without building a
 * string, so the checker's R17 ledger keeps a few words per id instead of the event itself
 * (issue 12: memory follows the live state, not the history). Three murmur3-style 32-bit lanes
 * with their own constants read one word stream in which every value is tagged and every string
 * and container prefixed by its length, so two payloads give the same stream only when
 * canonicalPayload gives the same string. Not collision-resistant against an adversary, which R17
 * does not need: the accidental odds are ~n²/2⁹⁷ for n ids (about 10⁻¹⁶ at 10 M ids) and 2⁻⁶⁴
 * per repeat. The server's engine has its own (server/engine/payload-hash.ts): the checker is
 * independent of the platform it checks.
 */
const TAG_NULL = 0x6e756c6c;
const TAG_TRUE = 0x74727565;
const TAG_FALSE = 0x66616c73;
const TAG_NUMBER = 0x6e756d62;
const TAG_STRING = 0x73747269;
const TAG_ARRAY = 0x61727261;
const TAG_OBJECT = 0x6f626a65;
/** A number's eight bytes, read as two words (one scratch buffer: hashing allocates nothing). */
const NUMBER_BITS = new Float64Array(1);
const NUMBER_WORDS = new Uint32Array(NUMBER_BITS.buffer);

export class EventHasher {
  /** The last hash: words 0–2 for an id, 0–1 for a payload. */
  readonly out = new Uint32Array(3);
  #h0 = 0;
  #h1 = 0;
  #h2 = 0;
  #length = 0;

  id(id: string): Uint32Array {
    this.#reset();
    this.#string(id);
    return this.#finish();
  }

  /** The whole event but its id, which identity compares apart (R17). */
  payload(event: AffEvent): Uint32Array {
    this.#reset();
    this.#object(event as unknown as Record<string, unknown>, 'id');
    return this.#finish();
  }

  #reset(): void {
    this.#h0 = 0x9747b28c;
    this.#h1 = 0x85ebca6b;
    this.#h2 = 0xc2b2ae35;
    this.#length = 0;
  }

  #word(k: number): void {
    let x = Math.imul(k, 0xcc9e2d51);
    x = (x << 15) | (x >>> 17);
    x = Math.imul(x, 0x1b873593);
    this.#h0 = mixLane(this.#h0, x);
    this.#h1 = mixLane(this.#h1, x ^ 0x5bd1e995);
    this.#h2 = mixLane(this.#h2, Math.imul(x, 0x27d4eb2d) ^ 0x165667b1);
    this.#length += 1;
  }

  #string(s: string): void {
    const n = s.length;
    this.#word(TAG_STRING);
    this.#word(n);
    let i = 0;
    for (; i + 1 < n; i += 2) this.#word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.#word(s.charCodeAt(i));
  }

  #value(value: unknown): void {
    if (value === null) this.#word(TAG_NULL);
    else if (value === true) this.#word(TAG_TRUE);
    else if (value === false) this.#word(TAG_FALSE);
    else if (typeof value === 'string') this.#string(value);
    else if (typeof value === 'number') {
      this.#word(TAG_NUMBER);
      // The exact double, as canonicalPayload's JSON spelling tells numbers apart (-0 is 0 there).
      NUMBER_BITS[0] = value === 0 ? 0 : value;
      this.#word(NUMBER_WORDS[0] as number);
      this.#word(NUMBER_WORDS[1] as number);
    } else if (Array.isArray(value)) {
      this.#word(TAG_ARRAY);
      this.#word(value.length);
      for (const item of value) this.#value(item);
    } else if (typeof value === 'object') this.#object(value as Record<string, unknown>);
    // Parsed events hold nothing else; anything else reads as null, as JSON.stringify writes it.
    else this.#word(TAG_NULL);
  }

  #object(value: Record<string, unknown>, skip?: string): void {
    // Sorted in place (a fresh array of a handful of keys); undefined fields count as absent.
    const keys = Object.keys(value).sort();
    let defined = 0;
    for (const k of keys) if (k !== skip && value[k] !== undefined) defined += 1;
    this.#word(TAG_OBJECT);
    this.#word(defined);
    for (const k of keys) {
      const v = value[k];
      if (k === skip || v === undefined) continue;
      this.#string(k);
      this.#value(v);
    }
  }

  #finish(): Uint32Array {
    const n = this.#length;
    let a = fmix(this.#h0 ^ n);
    let b = fmix(this.#h1 ^ n);
    let c = fmix(this.#h2 ^ n);
    // Cross the lanes so each output word depends on all three.
    a = (a + b + c) | 0;
    b = (b + a) | 0;
    c = (c + a) | 0;
    this.out[0] = fmix(a);
    this.out[1] = fmix(b);
    this.out[2] = fmix(c);
    return this.out;
  }
}

function mixLane(h: number, k: number): number {
  let x = h ^ k;
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
