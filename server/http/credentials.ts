import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who a request acts as (R18): always from its credential, never from a URL or a body. `public` is
 * a request without one (health, the docs, a buyer following a promotion link).
 */
export type Tenant =
  | { readonly kind: 'seller'; readonly storeId: string }
  | { readonly kind: 'affiliate'; readonly affiliateId: string }
  | { readonly kind: 'ingest' }
  | { readonly kind: 'public' };

/** Tenants a token can be issued for; the ingestion token is the platform's own, from its start. */
export type IssuedTenant = Extract<Tenant, { kind: 'seller' | 'affiliate' }>;

/** 256 random bits, base64url: what a bearer token is, behind a prefix that says what it is. */
const TOKEN_BYTES = 32;
const TOKEN_PREFIX = 'afs_';

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Where issued tokens outlive the process (`affsim serve --data-dir`: the journal's `tokens`
 * table): the digests kept so far, and each new one, saved before its token is handed out.
 */
export interface TokenKeeper {
  load(): Iterable<readonly [digestHex: string, tenant: IssuedTenant]>;
  save(digestHex: string, tenant: IssuedTenant): void;
}

/**
 * The tokens issued to sellers and affiliates, kept only as SHA-256 digests (a heap dump or a log
 * of this map gives no usable token). Looking a digest up in a map leaks at most which digest
 * prefixes exist, which says nothing about any token: that is the constant-time argument for the
 * issued tokens; the one ingestion token is compared with `timingSafeEqual`.
 */
export class TokenStore {
  readonly #tenants = new Map<string, IssuedTenant>();
  readonly #ingest: Buffer | undefined;

  readonly #keeper: TokenKeeper | undefined;

  /**
   * `ingestToken` undefined: no token is the ingestion token (only issued tokens exist). With a
   * `keeper`, the tokens issued before a restart still act as their tenants.
   */
  constructor(ingestToken: string | undefined, keeper?: TokenKeeper) {
    this.#ingest = ingestToken === undefined ? undefined : digest(ingestToken);
    this.#keeper = keeper;
    if (keeper !== undefined) for (const [d, tenant] of keeper.load()) this.#tenants.set(d, tenant);
  }

  /** A fresh token acting as `tenant`; every earlier token of the tenant stays valid. */
  issue(tenant: IssuedTenant): string {
    const token = newToken();
    const d = digest(token).toString('hex');
    // Kept first: a token handed out is one a restarted server still knows.
    this.#keeper?.save(d, tenant);
    this.#tenants.set(d, tenant);
    return token;
  }

  /** The tenant a presented token acts as, or undefined for an unknown one. */
  resolve(token: string): Exclude<Tenant, { kind: 'public' }> | undefined {
    const d = digest(token);
    if (this.#ingest !== undefined && timingSafeEqual(d, this.#ingest)) return { kind: 'ingest' };
    return this.#tenants.get(d.toString('hex'));
  }
}

/** The bearer token of an `Authorization` header; undefined when the header is absent, null when it is not a bearer token. */
export function bearerToken(header: string | undefined): string | undefined | null {
  if (header === undefined) return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i.exec(header);
  return match?.[1] ?? null;
}

/** How a tenant is named in errors and logs (never its token). */
export function tenantName(t: Tenant): string {
  switch (t.kind) {
    case 'seller':
      return `seller of store ${t.storeId}`;
    case 'affiliate':
      return `affiliate ${t.affiliateId}`;
    case 'ingest':
      return 'the ingestion token';
    case 'public':
      return 'no credential';
  }
}
