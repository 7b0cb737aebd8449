import { describe, expect, test } from 'vitest';
import { bearerToken, TokenStore } from '../../server/http/credentials.js';
import { createLogger } from '../../server/http/logger.js';

describe('R18: the token store', () => {
  test('an issued token resolves to its tenant; another string does not', () => {
    const store = new TokenStore('afs_ingest');
    const t = store.issue({ kind: 'seller', storeId: 's1' });
    expect(t).toMatch(/^afs_[A-Za-z0-9_-]{43}$/);
    expect(store.resolve(t)).toEqual({ kind: 'seller', storeId: 's1' });
    expect(store.resolve('afs_ingest')).toEqual({ kind: 'ingest' });
    expect(store.resolve(`${t}x`)).toBeUndefined();
    expect(store.resolve(t.slice(0, -1))).toBeUndefined();
    expect(store.resolve('')).toBeUndefined();
  });

  test('tokens are random and each tenant may hold several', () => {
    const store = new TokenStore(undefined);
    const a = store.issue({ kind: 'affiliate', affiliateId: 'a1' });
    const b = store.issue({ kind: 'affiliate', affiliateId: 'a1' });
    expect(a).not.toBe(b);
    expect(store.resolve(a)).toEqual(store.resolve(b));
    // Without an ingestion token (NO_AUTH keeps none), no string is one.
    expect(store.resolve('afs_ingest')).toBeUndefined();
  });

  test('bearer header: absent, not bearer, bearer', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken('bearer afs_x-Y_z')).toBe('afs_x-Y_z');
  });

  test('the logger redacts credentials handed to it', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ req: { headers: { authorization: 'Bearer afs_secret1' } } }, 'a request');
    logger.info({ authorization: 'Bearer afs_secret2', token: 'afs_secret3' }, 'an answer');
    const text = lines.join('');
    expect(lines).toHaveLength(2);
    expect(text).not.toMatch(/afs_secret/);
    expect(text).toContain('[redacted]');
  });
});
