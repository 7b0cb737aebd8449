import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../../sim/domain/channels.js';
import { idSchema } from '../contract/schemas.js';

/**
 * A promotion link names who promotes what where. Its id is the link itself, encoded (base64url
 * JSON), so links cost the platform no memory however many affiliates create; the click is
 * checked against the registrations when it happens (R16), as of its own instant. The id carries
 * an HMAC-SHA256 of that payload under the platform's link key (R18): only the platform makes
 * links, so an affiliate cannot forge one naming another affiliate, store or product, and a link
 * of another platform (or of this one under another key) is not a link here.
 */
export interface PromotionLink {
  readonly affiliateId: string;
  readonly storeId: string;
  readonly productId: string | null;
  readonly channel: Channel;
}

const linkSchema = z.strictObject({
  a: idSchema,
  s: idSchema,
  p: idSchema.nullable(),
  c: z.enum(CHANNELS),
});

function signature(payload: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(`affsim link ${payload}`).digest();
}

export function encodeLink(link: PromotionLink, key: Buffer): string {
  const json = JSON.stringify({ a: link.affiliateId, s: link.storeId, p: link.productId, c: link.channel });
  const payload = Buffer.from(json, 'utf8').toString('base64url');
  return `${payload}.${signature(payload, key).toString('base64url')}`;
}

/** The link of a valid id; undefined for anything else (not a link, tampered, another key's). */
export function decodeLink(linkId: string, key: Buffer): PromotionLink | undefined {
  const dot = linkId.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = linkId.slice(0, dot);
  const given = Buffer.from(linkId.slice(dot + 1), 'base64url');
  const expected = signature(payload, key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = linkSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { a, s, p, c } = parsed.data;
  return { affiliateId: a, storeId: s, productId: p, channel: c };
}
