/**
 * The inverse of sim/world/ids.ts, for tests only: an id the simulator generated decodes back to
 * its generation index, so tests can tell an id names the entity it should.
 */

export type DecodedId =
  | { readonly kind: 'store'; readonly storeIndex: number }
  | { readonly kind: 'product'; readonly storeIndex: number; readonly productIndex: number }
  | { readonly kind: 'category'; readonly categoryIndex: number }
  | { readonly kind: 'affiliate'; readonly affiliateIndex: number }
  | { readonly kind: 'buyer'; readonly buyerIndex: number }
  | { readonly kind: 'order'; readonly buyerIndex: number; readonly day: number; readonly n: number };

const ENTITY_ID = /^([spcabo])(0|[1-9]\d*)(?:-(0|[1-9]\d*))?(?:-(0|[1-9]\d*))?$/;

/** The entity an id names, or undefined for an id the simulator did not generate. */
export function decodeId(id: string): DecodedId | undefined {
  const m = ENTITY_ID.exec(id);
  if (!m) return undefined;
  const [, prefix, a, b, c] = m;
  const first = Number(a);
  const parts = (b === undefined ? 0 : 1) + (c === undefined ? 0 : 1);
  switch (prefix) {
    case 's':
      return parts === 0 ? { kind: 'store', storeIndex: first } : undefined;
    case 'c':
      return parts === 0 ? { kind: 'category', categoryIndex: first } : undefined;
    case 'a':
      return parts === 0 ? { kind: 'affiliate', affiliateIndex: first } : undefined;
    case 'b':
      return parts === 0 ? { kind: 'buyer', buyerIndex: first } : undefined;
    case 'p':
      return parts === 1 ? { kind: 'product', storeIndex: first, productIndex: Number(b) } : undefined;
    case 'o':
      return parts === 2 ? { kind: 'order', buyerIndex: first, day: Number(b), n: Number(c) } : undefined;
    default:
      return undefined;
  }
}
