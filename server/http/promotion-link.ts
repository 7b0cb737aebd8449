import { z } from 'zod';
import { CHANNELS, type Channel } from '../../sim/domain/channels.js';
import { idSchema } from '../contract/schemas.js';

/**
 * A promotion link names who promotes what where. Its id is the link itself, encoded (base64url
 * JSON), so links cost the platform no memory however many affiliates create; the click is
 * checked against the registrations when it happens (R16), as of its own instant.
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

export function encodeLink(link: PromotionLink): string {
  const json = JSON.stringify({ a: link.affiliateId, s: link.storeId, p: link.productId, c: link.channel });
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeLink(linkId: string): PromotionLink | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(linkId, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = linkSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { a, s, p, c } = parsed.data;
  return { affiliateId: a, storeId: s, productId: p, channel: c };
}
