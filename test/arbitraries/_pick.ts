/** `items[n]`, wrapping around: how step numbers pick among what exists (`items` is never empty). */
export function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length] as T;
}
