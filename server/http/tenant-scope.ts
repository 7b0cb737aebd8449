import type { AffEvent } from '../../sim/domain/events.js';
import type { Tenant } from './credentials.js';

/**
 * R17 per tenant: the R18 tenant's events are kept under their own ids, so nobody can pre-claim an
 * id another tenant will use (a seller's `e7` and another's `e7` are two events). The ingestion
 * token's scope is the bare id: the simulator and every history keep the ids they have, and the
 * operator behind that token can address any event. A tenant's id is kept in the R17 ledger (and
 * the journal) as `\u001f<kind>\u001f<tenant id>\u001f<id>`; the answer still names the id sent.
 */
const SEP = '\u001f';

/** Who a public buyer is, from the signed cookie (buyer-cookie.ts): the scope of its event ids. */
export type EventScope = Tenant | { readonly kind: 'buyer'; readonly buyerId: string };

export function ledgerId(scope: EventScope, id: string): string {
  switch (scope.kind) {
    case 'ingest':
      return id;
    case 'seller':
      return `${SEP}s${SEP}${scope.storeId}${SEP}${id}`;
    case 'affiliate':
      return `${SEP}a${SEP}${scope.affiliateId}${SEP}${id}`;
    case 'buyer':
      return `${SEP}b${SEP}${scope.buyerId}${SEP}${id}`;
    case 'public':
      return `${SEP}p${SEP}${id}`;
  }
}

export function scopedEvent(event: AffEvent, scope: EventScope): AffEvent {
  return scope.kind === 'ingest' ? event : { ...event, id: ledgerId(scope, event.id) };
}
