/**
 * `affsim run --faults SPEC` (issue 14): which network faults the client side injects toward the
 * target, and how often. Parsed here, in the run layer, so the CLI validates it and the workers get
 * it as plain data; the injecting is the adapters' (sim/targets/fault-injector.ts).
 *
 *   drop=P[:before|:after]  a request's attempt is dropped: before the target saw it, or after it
 *                           applied it with its answer lost; `drop=P` splits P evenly between the two
 *   dup=P                   the request is delivered twice (the client sees the first answer)
 *   timeout=P               the client gives up waiting; the target may or may not have applied it
 *   delay=MS | delay=P:MS   every request waits 0..MS ms (seeded jitter), or a share P waits MS ms
 *   reorder=P               two adjacent independent buyer events are swapped (fault-injector.ts)
 */

/** Past this a run would mostly retry: probabilities are per attempt, at most one fault each. */
export const FAULT_PROBABILITY_MAX = 0.5;
/** A delay longer than this is a timeout, not a delay. */
export const FAULT_DELAY_MS_MAX = 10_000;

export interface FaultSpec {
  /** The spec as given on the command line, for result.json and the replay command. */
  readonly text: string;
  readonly dropBefore: number;
  readonly dropAfter: number;
  readonly dup: number;
  readonly timeout: number;
  readonly reorder: number;
  /** `share` of the requests wait `ms`; `jitter`: every request waits a uniform 0..ms instead. */
  readonly delay: { readonly share: number; readonly ms: number; readonly jitter: boolean } | undefined;
}

/** A spec that does not parse: the message names the key or the value. */
export class FaultSpecError extends Error {}

const KEYS = ['drop', 'dup', 'timeout', 'delay', 'reorder'] as const;
type Key = (typeof KEYS)[number];

export function parseFaultSpec(text: string): FaultSpec {
  if (text.trim() === '')
    throw new FaultSpecError(`expected key=value pairs separated by commas; keys: ${KEYS.join(', ')}`);
  const seen = new Set<string>();
  let spec: Omit<FaultSpec, 'text'> = {
    dropBefore: 0,
    dropAfter: 0,
    dup: 0,
    timeout: 0,
    reorder: 0,
    delay: undefined,
  };
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(KEYS as readonly string[]).includes(key))
      throw new FaultSpecError(`unknown key "${key}"; keys: ${KEYS.join(', ')}`);
    if (seen.has(key)) throw new FaultSpecError(`${key}: given twice`);
    seen.add(key);
    if (value === '') throw new FaultSpecError(`${key}: expected ${key}=${EXPECTED[key as Key]}`);
    spec = { ...spec, ...parseValue(key as Key, value) };
  }
  // One fault at most per attempt: the drawn kinds are slices of one uniform draw.
  const failing = spec.dropBefore + spec.dropAfter + spec.dup + spec.timeout;
  if (failing > 1 + 1e-12)
    throw new FaultSpecError(`drop, dup and timeout add up to ${round(failing)}: at most 1 per attempt`);
  return { text, ...spec };
}

const EXPECTED: Readonly<Record<Key, string>> = {
  drop: 'P, P:before or P:after (P a probability 0..0.5)',
  dup: 'P (a probability 0..0.5)',
  timeout: 'P (a probability 0..0.5)',
  reorder: 'P (a probability 0..0.5)',
  delay: 'MS or P:MS (MS like 50ms, at most 10000ms; P a probability 0..0.5)',
};

function parseValue(key: Key, value: string): Partial<FaultSpec> {
  const [head, tail, extra] = value.split(':');
  const bad = () => new FaultSpecError(`${key}=${value}: expected ${key}=${EXPECTED[key]}`);
  if (extra !== undefined || head === undefined) throw bad();
  switch (key) {
    case 'drop': {
      const p = probability(key, head);
      if (tail === undefined) return { dropBefore: p / 2, dropAfter: p / 2 };
      if (tail === 'before') return { dropBefore: p, dropAfter: 0 };
      if (tail === 'after') return { dropBefore: 0, dropAfter: p };
      throw bad();
    }
    case 'delay': {
      if (tail === undefined) return { delay: { share: 1, ms: milliseconds(key, head), jitter: true } };
      return { delay: { share: probability(key, head), ms: milliseconds(key, tail), jitter: false } };
    }
    default:
      if (tail !== undefined) throw bad();
      return { [key]: probability(key, head) };
  }
}

function probability(key: Key, text: string): number {
  const p = /^(\d+(\.\d+)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(p >= 0 && p <= FAULT_PROBABILITY_MAX))
    throw new FaultSpecError(
      `${key}: ${JSON.stringify(text)} is not a probability in 0..${FAULT_PROBABILITY_MAX}`,
    );
  return p;
}

function milliseconds(key: Key, text: string): number {
  const m = /^(\d+)(ms|s)?$/.exec(text);
  const ms = m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : Number.NaN;
  if (!(Number.isSafeInteger(ms) && ms <= FAULT_DELAY_MS_MAX))
    throw new FaultSpecError(
      `${key}: ${JSON.stringify(text)} is not a delay like 50ms (whole ms, at most ${FAULT_DELAY_MS_MAX}ms)`,
    );
  return ms;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
