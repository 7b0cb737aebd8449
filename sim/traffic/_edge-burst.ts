import type { Rng } from '../world/rng.js';
import type { Store } from '../world/world.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { HOUR_MS } from './_delays.js';
import { placeOrder, windowEndOf } from './_edge-helpers.js';
import { maybeProduct, pickAffiliate, pickMemberStore } from './_pickers.js';
import { upcoming } from './_seller-edge-session.js';
import type { TrafficContext } from './traffic-context.js';

/**
 * A burst of orders on one edge, −1, 0, +1 ms in turn: the end of a click's window (R6: in, out,
 * out), a join (R5, R9: the store is a member from its join instant) or a withdrawal (R9: a member
 * until just before it). The edge is drawn among the three; a membership edge with none near
 * falls back to a window end.
 */
export function edgeBurst(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const kind = rng.int(0, 2);
  const edge =
    (kind === 1 && joinBurst(ctx, rng, w)) ||
    (kind === 2 && withdrawalBurst(ctx, rng, w)) ||
    windowEndBurst(ctx, rng, w, startMs);
  for (let i = 0; i < ctx.scenario.adversarial.edgeBursts.orders; i += 1) {
    placeOrder(ctx, rng, w, edge.atMs + (i % 3) - 1, edge.store, edge.product);
  }
}

interface Edge {
  readonly atMs: number;
  readonly store: Store;
  readonly product: number | undefined;
}

function windowEndBurst(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): Edge {
  const store = pickMemberStore(ctx, rng, startMs);
  const product = maybeProduct(ctx, rng, store);
  w.click(startMs, pickAffiliate(ctx, rng), store, product);
  return { atMs: windowEndOf(ctx, startMs), store, product };
}

/** Clicks 1 ms before the join (not qualifying) and at it (qualifying: recorded after the join). */
function joinBurst(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter): Edge | undefined {
  const edge = upcoming(ctx, rng, w, ctx.plan.joins);
  if (edge === undefined) return undefined;
  const product = maybeProduct(ctx, rng, edge.store);
  const early = pickAffiliate(ctx, rng);
  w.click(edge.atMs - 1, early, edge.store, product);
  w.click(edge.atMs, pickAffiliate(ctx, rng, early), edge.store, product);
  return { atMs: edge.atMs, store: edge.store, product };
}

/** A click while a member, inside the window that reaches the withdrawal. */
function withdrawalBurst(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter): Edge | undefined {
  const edge = upcoming(ctx, rng, w, ctx.plan.withdrawals);
  if (edge === undefined) return undefined;
  const earliestMs = Math.max(w.dayStartMs, edge.atMs - ctx.windowMs + HOUR_MS);
  if (earliestMs >= edge.atMs - 1) return undefined;
  const product = maybeProduct(ctx, rng, edge.store);
  const clickMs = earliestMs + Math.floor(rng.float() * (edge.atMs - 1 - earliestMs));
  w.click(clickMs, pickAffiliate(ctx, rng), edge.store, product);
  return { atMs: edge.atMs, store: edge.store, product };
}
