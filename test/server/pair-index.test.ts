import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairIndex } from '../../server/engine/pair-index.js';
import {
  CHUNK_BITS,
  CHUNK_MASK,
  capacityOf,
  chunkedColumn,
  reserveRows,
} from '../../server/engine/row-chunks.js';
import { fcParams } from '../fc-config.js';

/**
 * Why: the engine finds every live (buyer, store) chain (R7) through PairIndex, which keeps only row
 * numbers and a 32-bit tag and compares the rest of the key in the table's key column. A row lost,
 * found under another key, or left behind by a delete gives an order another pair's window. The
 * oracle is a Map from the key as a string to its row. Keys come from a tiny pool so probe runs
 * cluster, wrap round the table and grow it, and keys that differ only past the tag (same store,
 * same first two hash words) must still be told apart.
 */
type Key = readonly [store: number, h0: number, h1: number, h2: number];
// Stores 0 and 2¹⁶ and 2¹⁷ share their home slots below 2¹⁶ slots (only the store tells them
// apart), store 1 does not; h0 0–5 (few home slots), h1 0–1 (the tag: mostly equal), h2 0–3 and 2³²−1.
const keyArb: fc.Arbitrary<Key> = fc.tuple(
  fc.constantFrom(0, 1, 0x1_0000, 0x2_0000),
  fc.nat(5),
  fc.nat(1),
  fc.oneof(fc.nat(3), fc.constant(0xffff_ffff)),
);
type Op = { op: 'add' | 'drop' | 'get'; key: Key };
const opArb: fc.Arbitrary<Op> = fc.record({ op: fc.constantFrom('add', 'drop', 'get'), key: keyArb });

/** The table's side: rows with their key (4 words a row, in chunks), freed rows reused as pair-table.ts does. */
class Keys {
  readonly column = chunkedColumn(Uint32Array, 4);
  rows = 0;
  readonly free: number[] = [];
  get words(): readonly Uint32Array[] {
    return this.column.chunks;
  }
  row(key: Key): number {
    const row = this.free.pop() ?? this.rows++;
    if (row >= capacityOf(this.column)) reserveRows([this.column], row);
    (this.column.chunks[row >>> CHUNK_BITS] as Uint32Array).set(key, (row & CHUNK_MASK) * 4);
    return row;
  }
}

describe('PairIndex (the engine finds each live pair by its key: R7)', () => {
  it('finds what a Map finds after any adds and drops, through clustering, growth and a snapshot', () => {
    let drops = 0;
    let sameTagPairs = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 60, maxLength: 400 }), fc.nat(400), (ops, snapshotAt) => {
        let index = new PairIndex();
        const keys = new Keys();
        const oracle = new Map<string, number>();
        ops.forEach(({ op, key }, i) => {
          if (i === snapshotAt) index = new PairIndex(structuredClone(index.state()));
          const name = key.join(',');
          const found = index.get(keys.words, ...key);
          expect(found).toBe(oracle.get(name) ?? -1);
          if (op === 'add' && found < 0) {
            const row = keys.row(key);
            index.insert(keys.words, row);
            oracle.set(name, row);
          }
          if (op === 'drop' && found >= 0) {
            index.delete(keys.words, found);
            keys.free.push(found);
            oracle.delete(name);
            drops += 1;
          }
          expect(index.size).toBe(oracle.size);
        });
        for (const [name, row] of oracle) {
          const key = name.split(',').map(Number) as unknown as Key;
          expect(index.get(keys.words, ...key)).toBe(row);
        }
        const tags = [...oracle.keys()].map((n) => n.split(',').slice(0, 3).join(','));
        sameTagPairs += tags.length - new Set(tags).size;
      }),
      fcParams(300),
    );
    // Not vacuous: many drops shifted runs back, and many live keys shared store, home and tag.
    expect(drops).toBeGreaterThan(300);
    expect(sameTagPairs).toBeGreaterThan(1000);
  });

  it('grows at two thirds full and keeps every row, with words above 2³¹', () => {
    const index = new PairIndex();
    const keys = new Keys();
    const key = (i: number): Key => [i % 3, (i * 0x9e37_79b9) >>> 0, 0xffff_ffff - i, 0x8000_0000 + i];
    for (let i = 0; i < 5_000; i += 1) {
      const row = keys.row(key(i));
      index.insert(keys.words, row);
    }
    expect(index.size).toBe(5_000);
    // 5 000 keys at load ≤ ⅔: 8 192 slots of two words.
    expect(index.state().slots.length).toBe(8_192 * 2);
    for (let i = 0; i < 5_000; i += 1) expect(index.get(keys.words, ...key(i))).toBe(i);
    expect(index.get(keys.words, 0, 0, 0, 0)).toBe(-1);
  });
});
