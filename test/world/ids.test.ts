import { describe, expect, it } from 'vitest';
import { buyerEventId, decodeEventId, entityEventId } from '../../sim/traffic/event-ids.js';
import { orderId, productId } from '../../sim/world/ids.js';
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
