import type { AdversarialKnobs } from '../scenario/adversarial-knobs.js';
import type { Rng } from '../world/rng.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { clickFlood } from './_click-flood.js';
import { sessionStartMs } from './_delays.js';
import { edgeBurst } from './_edge-burst.js';
import { longChain } from './_long-chain.js';
import { multiStoreSession } from './_multi-store-session.js';
import { sameInstantClicks } from './_same-instant-clicks.js';
import type { TrafficContext } from './traffic-context.js';

type Session = (ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number) => void;

/** The session shapes of `adversarial`, in a fixed order: each draws only when its share is on. */
const SHAPES: readonly [keyof AdversarialKnobs, Session][] = [
  ['sameInstantClicks', sameInstantClicks],
  ['clickFlood', clickFlood],
  ['longChain', longChain],
  ['multiStoreBuyers', multiStoreSession],
  ['edgeBursts', edgeBurst],
];

const shareOf = (knobs: AdversarialKnobs, key: keyof AdversarialKnobs): number => {
  const shape = knobs[key];
  return typeof shape === 'object' ? shape.share : 0;
};

/** Whether the scenario has any adversarial session shape on (else no stream is derived for them). */
export function hasAdversarialSessions(knobs: AdversarialKnobs): boolean {
  return SHAPES.some(([key]) => shareOf(knobs, key) > 0);
}

/**
 * After an ordinary session, with each shape's `share`, one more session of that shape, starting
 * at its own instant of the buyer's day. The buyer-day's adversarial stream is its own, so the
 * ordinary sessions draw exactly what they drew without these.
 */
export function adversarialSessions(
  ctx: TrafficContext,
  rng: Rng,
  w: BuyerDayWriter,
  utcOffsetHours: number,
): void {
  const knobs = ctx.scenario.adversarial;
  for (const [key, session] of SHAPES) {
    const share = shareOf(knobs as AdversarialKnobs, key);
    if (share > 0 && rng.chance(share))
      session(ctx, rng, w, sessionStartMs(rng, w.dayStartMs, utcOffsetHours));
  }
}
