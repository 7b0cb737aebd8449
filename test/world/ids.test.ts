import { describe, expect, it } from 'vitest';
import { buyerEventId, decodeEventId, entityEventId } from '../../sim/traffic/event-ids.js';
import { ShardBuyerIds } from '../../sim/traffic/shard-buyer-ids.js';
import { buyerId, orderId, productId } from '../../sim/world/ids.js';
import { decodeId } from './_decode-id.js';

describe('ids', () => {
  it('round-trip entity ids', () => {
    expect(decodeId(productId(12, 7))).toEqual({ kind: 'product', storeIndex: 12, productIndex: 7 });
    expect(decodeId(orderId(1042, 37, 1))).toEqual({ kind: 'order', buyerIndex: 1042, day: 37, n: 1 });
    expect(decodeId('c4')).toEqual({ kind: 'category', categoryIndex: 4 });
  });

  it('refuse ids the simulator does not make', () => {
    for (const id of ['x1', 's', 's01', 's1-2', 'p1', 'o1-2', 'b-1', ''])
      expect(decodeId(id)).toBeUndefined();
  });

  it('round-trip event ids', () => {
    expect(decodeEventId(entityEventId('s12', 4, 'store.joined'))).toEqual({
      source: 'entity',
      entityId: 's12',
      seq: 4,
      kind: 'join',
    });
    expect(decodeEventId(buyerEventId(1042, 37, 5, 'click'))).toEqual({
      source: 'buyer',
      buyerIndex: 1042,
      day: 37,
      seq: 5,
      kind: 'click',
    });
    expect(decodeEventId('e1')).toBeUndefined();
  });
});

describe('buyer event ids and shard buyer ids', () => {
  it('spell a buyer event id exactly as the documented format', () => {
    expect(buyerEventId(1042, 37, 5, 'click')).toBe('b1042.37-5.click');
    expect(buyerEventId(0, 0, 1, 'order.refunded')).toBe('b0.0-1.refund');
  });

  // Whether the strings are shared is memory, not value (=== cannot tell): the bench measures it.
  it("name each of the shard's buyers by its id, asked in any order and again", () => {
    const ids = new ShardBuyerIds({ index: 1, count: 3 });
    const first = ids.of(7);
    expect(first).toBe(buyerId(7));
    expect(ids.of(7)).toBe(first);
    expect(ids.of(4)).toBe('b4');
    expect(ids.of(1000)).toBe('b1000');
    expect(ids.of(7)).toBe(first);
  });

  it('refuse a buyer of another shard', () => {
    const ids = new ShardBuyerIds({ index: 1, count: 3 });
    expect(() => ids.of(6)).toThrow(/buyer 6 is not in shard 1\/3/);
  });
});
