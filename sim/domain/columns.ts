/**
 * Pieces for state kept in typed-array columns instead of objects (the report book's click cells,
 * the checker's pairs and recent clicks): ids numbered once, and a column grown by copying.
 */

/** Ids numbered in the order first seen: a number stands for its id in a column, `name` gives it back. */
export class IdNumbers {
  readonly #numbers = new Map<string, number>();
  readonly #names: string[] = [];

  /** `names`: the ids of a snapshot, in number order (`names()` of the table it was taken from). */
  constructor(names: readonly string[] = []) {
    for (const id of names) this.number(id);
  }

  /** Every id in number order: the table as plain data. */
  names(): readonly string[] {
    return this.#names;
  }

  /** The id's number, a new one when first seen. */
  number(id: string): number {
    let n = this.#numbers.get(id);
    if (n === undefined) {
      n = this.#names.length;
      this.#names.push(id);
      this.#numbers.set(id, n);
    }
    return n;
  }

  /** The number's id, or undefined for a number never given. */
  name(n: number): string | undefined {
    return this.#names[n];
  }

  /** The id's number if it has one, without numbering it. */
  find(id: string): number | undefined {
    return this.#numbers.get(id);
  }
}

/** Copies a typed column into a longer one. */
export function grown<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(
  column: T,
  capacity: number,
  make: new (n: number) => T,
): T {
  const next = new make(capacity);
  next.set(column);
  return next;
}
