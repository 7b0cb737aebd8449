import { describe, expect, it } from 'vitest';
import {
  CHUNK_BITS,
  CHUNK_MASK,
  CHUNK_ROWS,
  capacityOf,
  chunkedColumn,
  reserveRows,
} from '../../server/engine/row-chunks.js';

/**
 * Why: the engine's pair table and expiry wheel keep their rows in chunks that are never copied
 * (server/engine/row-chunks.ts). A row written before a growth must read back after it, a new row
 * must start at the column's fill (the wheel's -1 means "not filed"), and every column must grow
 * alike, or a pair would read another's chain.
 */
const cell = (chunks: readonly Int32Array[], row: number) =>
  (chunks[row >>> CHUNK_BITS] as Int32Array)[row & CHUNK_MASK];

describe('row chunks (the engine rows: never copied past the first chunk)', () => {
  it('keeps every row through the first chunk doubling and full chunks added after it', () => {
    const a = chunkedColumn(Int32Array, 1, -1);
    const b = chunkedColumn(Int32Array, 2, 0);
    const rows = 3 * CHUNK_ROWS + 5;
    const capacities = new Set<number>();
    for (let row = 0; row < rows; row += 1) {
      if (row >= capacityOf(a)) reserveRows([a, b], row);
      expect(capacityOf(b)).toBe(capacityOf(a));
      capacities.add(capacityOf(a));
      expect(cell(a.chunks, row)).toBe(-1);
      (a.chunks[row >>> CHUNK_BITS] as Int32Array)[row & CHUNK_MASK] = row;
      (b.chunks[row >>> CHUNK_BITS] as Int32Array)[(row & CHUNK_MASK) * 2 + 1] = row + 7;
    }
    // 64, 128, … up to one chunk, then one chunk at a time.
    expect([...capacities]).toEqual([
      64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 196608, 262144,
    ]);
    expect(a.chunks).toHaveLength(4);
    for (let row = 0; row < rows; row += 1) {
      expect(cell(a.chunks, row)).toBe(row);
      expect((b.chunks[row >>> CHUNK_BITS] as Int32Array)[(row & CHUNK_MASK) * 2 + 1]).toBe(row + 7);
    }
    // The rest of the last chunk is at the fill.
    expect(cell(a.chunks, rows)).toBe(-1);
  });

  it('reserves a row far ahead in one call, and takes a snapshot’s chunks as they are', () => {
    const a = chunkedColumn(Float64Array);
    reserveRows([a], 2 * CHUNK_ROWS + 1);
    expect(capacityOf(a)).toBe(3 * CHUNK_ROWS);
    const again = chunkedColumn(Float64Array, 1, 0, structuredClone(a.chunks));
    expect(capacityOf(again)).toBe(3 * CHUNK_ROWS);
    const small = chunkedColumn(Float64Array);
    reserveRows([small], 100);
    expect(capacityOf(small)).toBe(128);
  });
});
