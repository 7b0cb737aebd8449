/**
 * Entity ids that encode their generation index, so a checker decodes them without state
 * (STYLE.md, Simulator; tb `src/testing/id.zig`): store `s12`, product `p12-7` (store 12, its 7th),
 * category `c4`, affiliate `a3`, buyer `b1042`, order `o1042-37-1` (buyer 1042, session day 37,
 * the day's order 1).
 */

export const storeId = (storeIndex: number): string => `s${storeIndex}`;
export const productId = (storeIndex: number, productIndex: number): string =>
  `p${storeIndex}-${productIndex}`;
export const categoryId = (categoryIndex: number): string => `c${categoryIndex}`;
export const affiliateId = (affiliateIndex: number): string => `a${affiliateIndex}`;
export const buyerId = (buyerIndex: number): string => `b${buyerIndex}`;
export const orderId = (buyerIndex: number, day: number, n: number): string => `o${buyerIndex}-${day}-${n}`;
