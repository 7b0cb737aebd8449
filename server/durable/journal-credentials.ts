import { randomBytes } from 'node:crypto';
import type { IssuedTenant, TokenKeeper } from '../http/credentials.js';
import type { EventJournal } from './journal.js';

const LINK_KEY = 'linkKey';

/**
 * R18 across restarts of `affsim serve --data-dir`: the sellers' and affiliates' tokens (their
 * digests) are kept in the data dir as they are issued, so a restarted platform still knows them.
 */
export function journalTokenKeeper(journal: EventJournal): TokenKeeper {
  return {
    *load() {
      for (const row of journal.tokens()) yield [row.digest, issuedTenant(row.tenant, journal.path)] as const;
    },
    save(digest, tenant) {
      journal.keepToken(digest, JSON.stringify(tenant));
    },
  };
}

/**
 * The key promotion links and buyer cookies are signed with: the data dir's own, made at its first
 * start, so links handed out and buyers' cookies keep working after a restart. The file holds
 * every event already, and this key signs nothing a reader of it could not do anyway.
 */
export function journalLinkKey(journal: EventJournal): string {
  const kept = journal.meta(LINK_KEY);
  if (kept !== undefined) return kept;
  const key = randomBytes(32).toString('base64url');
  journal.setMeta(LINK_KEY, key);
  return key;
}

function issuedTenant(json: string, path: string): IssuedTenant {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  const t = value as Partial<{ kind: string; storeId: unknown; affiliateId: unknown }> | undefined;
  if (t?.kind === 'seller' && typeof t.storeId === 'string') return { kind: 'seller', storeId: t.storeId };
  if (t?.kind === 'affiliate' && typeof t.affiliateId === 'string')
    return { kind: 'affiliate', affiliateId: t.affiliateId };
  throw new Error(`${path}: a stored token names no seller or affiliate (${json.slice(0, 80)})`);
}
