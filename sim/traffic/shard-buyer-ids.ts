import { buyerId } from '../world/ids.js';
import { inShard, type Shard } from './shard.js';

/**
 * One id string per buyer of a shard, made on the buyer's first event and shared by all its
 * events after. Each buyer-day used to make its own: the reference model, the checker and the
 * pending events then each held another copy of the same id (~3.3 a buyer at a million buyers,
 * and a forgotten (buyer, store) pair cost ~57 bytes of which the copy was ~20). The strings are
 * bounded by the shard's population; indexed by the buyer's place in the shard (b ≡ shard.index
 * mod shard.count), so the array is dense.
 */
export class ShardBuyerIds {
  readonly #shard: Shard;
  readonly #ids: (string | undefined)[] = [];

  constructor(shard: Shard) {
    this.#shard = shard;
  }

  of(buyerIndex: number): string {
    if (!inShard(buyerIndex, this.#shard)) {
      throw new RangeError(`buyer ${buyerIndex} is not in shard ${this.#shard.index}/${this.#shard.count}`);
    }
    const slot = (buyerIndex - this.#shard.index) / this.#shard.count;
    let id = this.#ids[slot];
    if (id === undefined) {
      // Filled in order mostly (buyers are walked by index), so the array stays packed.
      while (this.#ids.length < slot) this.#ids.push(undefined);
      id = buyerId(buyerIndex);
      this.#ids[slot] = id;
    }
    return id;
  }
}
