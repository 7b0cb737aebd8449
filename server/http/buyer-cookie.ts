import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/**
 * Who a buyer without a credential is: the buyer id in a cookie the platform signed (HMAC-SHA256
 * under its cookie key, auth.ts). A public click or order takes its buyer from here and nowhere
 * else (R18): a `buyerId` in a query or a body is the ingestion token's alone, so nobody clicks or
 * orders as another buyer. A request without a valid cookie gets a new buyer and the cookie.
 */
export const BUYER_COOKIE = 'affsim_buyer';
/** A year: long enough to span any attribution window (R7) of one browser. */
const COOKIE_MAX_AGE_S = 365 * 24 * 3600;

function signature(buyerId: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(`affsim buyer ${buyerId}`).digest();
}

function cookieValue(buyerId: string, key: Buffer): string {
  return `${buyerId}.${signature(buyerId, key).toString('base64url')}`;
}

/** The buyer of a valid signed cookie value; undefined for anything else. */
export function verifiedBuyer(value: string | undefined, key: Buffer): string | undefined {
  if (value === undefined) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const buyerId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = signature(buyerId, key);
  return given.length === expected.length && timingSafeEqual(given, expected) ? buyerId : undefined;
}

/** The request's buyer from its cookie, or a new buyer whose cookie the answer sets. */
export function cookieBuyer(c: Context, key: Buffer): string {
  const known = verifiedBuyer(getCookie(c, BUYER_COOKIE), key);
  if (known !== undefined) return known;
  const buyerId = `b-${randomBytes(12).toString('base64url')}`;
  setCookie(c, BUYER_COOKIE, cookieValue(buyerId, key), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: COOKIE_MAX_AGE_S,
  });
  return buyerId;
}
