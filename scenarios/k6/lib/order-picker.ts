/**
 * Which preloaded order the n-th read asks for: a walk through every order with a stride prime to
 * their count, so consecutive reads hit orders far apart (no cache-friendly runs), every order is
 * read once before any is read twice, and the sequence is the same on every run (deterministic).
 */
export function orderPicker(count: number): (n: number) => number {
  let stride = Math.max(1, Math.floor(count * 0.618));
  while (gcd(stride, count) !== 1) stride += 1;
  return (n) => (n * stride) % count;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
