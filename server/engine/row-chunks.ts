/**
 * Row columns kept in fixed chunks of typed arrays (the pair table's chain and key columns, the
 * expiry wheel's lists), so that growing one never copies it or frees the old array: every chunk
 * made stays. A column grown by copying freed its old array at every growth (the pair table's
 * nine columns freed ~78 MB in blocks under 32 MB going from 1.6 to 2.4 M rows), and once glibc
 * has freed a large mapped block it serves blocks that size from its arenas, where freed ones stay
 * resident (docs/benchmarks.md, "The simulator at scale"). The R17 ledger's records are chunked
 * the same way (id-ledger.ts).
 *
 * Row r of a column is at `(r & CHUNK_MASK) * width` in chunk `r >>> CHUNK_BITS`. The first chunk
 * starts small (a test makes many engines) and doubles up to a full one.
 */
export const CHUNK_BITS = 16;
export const CHUNK_ROWS = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_ROWS - 1;
const FIRST_ROWS = 64;

type Column = Float64Array | Int32Array | Uint32Array;

/** A column's chunks and how to make one: `width` values a row, new values `fill`. */
export interface ChunkedColumn<T extends Column = Column> {
  readonly chunks: T[];
  readonly make: new (length: number) => T;
  readonly width: number;
  readonly fill: number;
}

/** A new column (one small chunk), or a snapshot's chunks taken as they are. */
export function chunkedColumn<T extends Column>(
  make: new (length: number) => T,
  width = 1,
  fill = 0,
  chunks?: T[],
): ChunkedColumn<T> {
  return { chunks: chunks ?? [filled(make, FIRST_ROWS * width, fill)], make, width, fill };
}

/** Rows the columns hold now (all of them alike). */
export function capacityOf(column: ChunkedColumn): number {
  const chunks = column.chunks;
  return chunks.length > 1 ? chunks.length * CHUNK_ROWS : (chunks[0] as Column).length / column.width;
}

/** Makes room in every column for rows up to `row` (the next one, or any later one). */
export function reserveRows(columns: readonly ChunkedColumn[], row: number): void {
  for (const column of columns) {
    const chunks = column.chunks;
    const first = chunks[0] as Column;
    if (
      chunks.length === 1 &&
      first.length < CHUNK_ROWS * column.width &&
      row * column.width >= first.length
    ) {
      let length = first.length * 2;
      while (row * column.width >= length && length < CHUNK_ROWS * column.width) length *= 2;
      const grown = filled(column.make, Math.min(length, CHUNK_ROWS * column.width), column.fill);
      grown.set(first as never);
      chunks[0] = grown;
    }
    while (row >= capacityOf(column))
      chunks.push(filled(column.make, CHUNK_ROWS * column.width, column.fill));
  }
}

function filled<T extends Column>(make: new (length: number) => T, length: number, fill: number): T {
  const chunk = new make(length);
  if (fill !== 0) chunk.fill(fill);
  return chunk;
}
