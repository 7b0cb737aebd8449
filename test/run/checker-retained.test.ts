import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../sim/domain/instant.js';
import { clickToOrderSpanMs } from '../../sim/run/pair-channels.js';
import { ResultAccumulator } from '../../sim/run/result-accumulator.js';
import { loadScenario } from '../../sim/run/scenario-ref.js';
import { ShardChecker } from '../../sim/run/shard-checker.js';
import { createSimulation, REFUNDS_AFTER_COMPLETION_MS_MAX } from '../../sim/traffic/index.js';
import { ModelPlatform } from './_model-platform.js';

/**
 * Why: at a million buyers the checker must hold the live state, not the history (issue 12). A
 * shard of the baseline is checked day by day as shard-run.ts does it, against a platform that
 * answers as the rules say; after each day the checker's retained state is counted and held to
 * counts made here from the platform's own answers: the orders not yet due (open, or completed
 * less than the refund horizon ago), the pairs clicked within the click-to-order span, the
 * chains whose window is still open. Counted, not timed.
 */

const SEED = 5;

describe('the shard checker keeps only the live state (issue 12)', () => {
  it(`holds the open orders, the recent pairs and the open windows, never the whole history (seed ${SEED})`, async () => {
    const scenario = await loadScenario({ builtIn: 'baseline' }, { days: 60, world: { buyers: 2_000 } });
    const simulation = createSimulation(scenario, SEED);
    const accumulator = new ResultAccumulator(scenario);
    const shard = { index: 1, count: 2 };
    const checker = new ShardChecker(scenario.policy, {
      accumulator,
      countsSellerEvents: false,
      sharded: true,
      refundHorizonMs: REFUNDS_AFTER_COMPLETION_MS_MAX,
    });
    const platform = new ModelPlatform(scenario.policy);
    const keepMs = clickToOrderSpanMs(scenario.policy);
    // Counted from the platform's answers: every order, its completion; per pair, the latest
    // qualifying click and its window's end.
    const created: string[] = [];
    const completedAt = new Map<string, number>();
    const latestClick = new Map<string, { atMs: number; windowEndsAtMs: number }>();
    const ids = new Set<string>();
    let mostOrders = 0;
    for (const day of simulation.days(shard)) {
      const { seller, buyer } = platform.sendDay(day.sellerEvents, day.buyerEvents);
      const outcomes = [...seller.outcomes, ...buyer.outcomes];
      [...day.sellerEvents, ...day.buyerEvents].forEach((e, i) => {
        ids.add(e.id);
        const outcome = outcomes[i];
        if (outcome === undefined || outcome === 'repeat' || outcome.kind !== 'accepted') return;
        if (e.type === 'order.created') created.push(e.orderId);
        if (e.type === 'order.completed') completedAt.set(e.orderId, e.at);
        if (e.type === 'click' && outcome.effect.type === 'click-qualifying')
          latestClick.set(`${e.storeId} ${e.buyerId}`, {
            atMs: e.at,
            windowEndsAtMs: outcome.effect.windowEndsAtMs,
          });
      });
      checker.day(day.sellerEvents, seller.answers, day.buyerEvents, buyer.answers);
      const dayEndMs = day.dayStartMs + DAY_MS - 1;
      const touched = checker.takeTouchedOrders();
      checker.compareDecisions(touched, platform.decisions(touched), false, dayEndMs);
      const due = checker.dueOrders(dayEndMs);
      checker.compareDecisions(due, platform.decisions(due), true);

      // The checker forgets as of the latest instant it applied.
      const nowMs = Math.max(day.sellerEvents.at(-1)?.at ?? 0, day.buyerEvents.at(-1)?.at ?? 0);
      const open = created.filter((orderId) => {
        const completed = completedAt.get(orderId);
        const pastHorizon = completed !== undefined && dayEndMs - completed > REFUNDS_AFTER_COMPLETION_MS_MAX;
        return platform.model.orderOpen(orderId) && !pastHorizon;
      });
      const clicks = [...latestClick.values()];
      const retained = checker.retained;
      expect(retained.orders).toBe(open.length);
      expect(retained.orders + retained.finalized).toBe(created.length);
      expect(retained.pairs).toBe(clicks.filter((c) => nowMs - c.atMs < keepMs).length);
      expect(retained.chains).toBe(clicks.filter((c) => c.windowEndsAtMs > nowMs).length);
      expect(retained.chains + retained.forgottenChains).toBe(latestClick.size);
      expect(retained.ids).toBe(ids.size);
      mostOrders = Math.max(mostOrders, retained.orders);
    }
    expect(checker.violationCount).toBe(0);
    // Not vacuous: orders were finalized before the end, windows ended and were forgotten. (Orders
    // live long: completion 10–40 days after creation, then the refund horizon.)
    expect(created.length).toBeGreaterThan(100);
    expect(checker.retained.finalized).toBeGreaterThan(created.length / 4);
    expect(mostOrders).toBeLessThan(created.length);
    expect(checker.retained.chains).toBeLessThan(latestClick.size / 2);
  });
});
