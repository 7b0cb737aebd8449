/**
 * Picks an index with probability proportional to its weight, by binary search over cumulative
 * weights: O(log n) per draw, so picking among thousands of affiliates stays cheap.
 */
export class WeightedPicker {
  readonly #cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    if (weights.length === 0) throw new RangeError('WeightedPicker: no weights');
    this.#cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i += 1) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`WeightedPicker: bad weight ${w} at ${i}`);
      total += w;
      this.#cumulative[i] = total;
    }
    if (total <= 0) throw new RangeError('WeightedPicker: the weights sum to 0');
  }

  get size(): number {
    return this.#cumulative.length;
  }

  /** The index for a uniform draw `unit` in [0, 1). */
  index(unit: number): number {
    const c = this.#cumulative;
    const target = unit * (c[c.length - 1] as number);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((c[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const zipfCache = new Map<string, WeightedPicker>();

/**
 * Zipf-like popularity over `n` ranks (rank 0 most popular, weight 1/(rank+1)^skew): a few stores,
 * products and affiliates take most of the traffic, as in real marketplaces. Cached by shape,
 * because every store with the same catalogue size shares one.
 */
export function zipfPicker(n: number, skew: number): WeightedPicker {
  const key = `${n}:${skew}`;
  let picker = zipfCache.get(key);
  if (picker === undefined) {
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i += 1) weights[i] = 1 / (i + 1) ** skew;
    picker = new WeightedPicker(weights);
    zipfCache.set(key, picker);
  }
  return picker;
}
