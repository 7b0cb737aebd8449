import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeySet, pairKey0, pairKey1 } from '../../sim/domain/key-set.js';
import { fcParams } from '../fc-config.js';

/**
 * Why: the engine's expired pairs and the checker's forgotten chains live in KeySet, and a key lost
 * or kept by mistake turns R9's `window-expired` into `no-click` or back. The oracle is a Set of
 * strings. Keys come from a small range so probe runs cluster, wrap round the table and grow it,
 * and deletions shift keys back through them.
 */
// 82 keys on 64 or 128 slots: long probe runs, growth, and deletes of keys that are there.
const keyArb = fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 2 }));
type Op = { op: 'add' | 'delete' | 'has'; key: [number, number] };
const opArb: fc.Arbitrary<Op> = fc.record({ op: fc.constantFrom('add', 'delete', 'has'), key: keyArb });

describe('KeySet (64-bit keys of the pairs whose window ended: R9)', () => {
  it('answers as a Set does after any adds and deletes, through growth and a snapshot', () => {
    let deletes = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 50, maxLength: 400 }), fc.nat(400), (ops, snapshotAt) => {
        let set = new KeySet();
        const oracle = new Set<string>();
        ops.forEach(({ op, key: [a, b] }, i) => {
          // A restored snapshot goes on where the set was.
          if (i === snapshotAt) set = new KeySet(structuredClone(set.state()));
          const name = `${a},${b}`;
          if (op === 'add') expect(set.add(a, b)).toBe(!oracle.has(name));
          if (op === 'add') oracle.add(name);
          if (op === 'delete') expect(set.delete(a, b)).toBe(oracle.delete(name));
          if (op === 'has') expect(set.has(a, b)).toBe(oracle.has(name));
          expect(set.size).toBe(oracle.size);
        });
        deletes += ops.filter((o) => o.op === 'delete').length;
        for (const name of oracle) {
          const [a, b] = name.split(',').map(Number) as [number, number];
          expect(set.has(a, b)).toBe(true);
        }
      }),
      fcParams(300),
    );
    expect(deletes).toBeGreaterThan(1000);
  });

  it('keeps a key whose words are 0 or above 2³¹, and grows at three quarters full', () => {
    const set = new KeySet();
    expect(set.add(0, 0)).toBe(true);
    expect(set.has(0, 0)).toBe(true);
    // Documented: a second word of 0 stands for 1 (odds 2⁻³²  among keys sharing the first word).
    expect(set.has(0, 1)).toBe(true);
    expect(set.add(0xffff_ffff, 0x8000_0000)).toBe(true);
    expect(set.has(-1, -0x8000_0000)).toBe(true);
    const bytes = set.bytes;
    for (let k = 1; k <= 46; k += 1) set.add(k * 64, 7);
    expect(set.size).toBe(48);
    expect(set.bytes).toBe(bytes);
    set.add(99, 7);
    expect(set.bytes).toBe(bytes * 2);
  });

  it('folds a store into a pair key so one buyer in two stores gives two keys', () => {
    const keys = new Set<string>();
    for (let store = 0; store < 1000; store += 1) keys.add(`${pairKey0(store, 5)},${pairKey1(store, 9)}`);
    expect(keys.size).toBe(1000);
  });
});
