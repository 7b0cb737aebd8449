import { z } from 'zod';
import type { ShardSoak, SoakResult } from './soak.js';

/** result.json `soak` (sim/run/soak.ts), as `affsim merge` reads it back. */
const mb = z.number();
const ms = z.number().nonnegative();
const count = z.number().int().nonnegative();
const memory = z.strictObject({ rssBytes: count, heapUsedBytes: count });
const trend = {
  rssStartMb: mb,
  rssEndMb: mb,
  heapStartMb: mb,
  heapEndMb: mb,
  rssSlopeMbPerMin: z.number(),
  heapSlopeMbPerMin: z.number(),
};
const p99 = z.strictObject({ firstHalfMedianMs: ms, lastQuarterMaxMs: ms, stable: z.boolean() });

const soakShape = {
  simulatedDays: count.optional(),
  summary: z.strictObject({
    wallMs: ms,
    sampleMs: ms,
    events: count,
    eventsPerSecond: count,
    simulator: z.strictObject(trend),
    platform: z
      .strictObject({
        ...trend,
        retainedMbPerMin: z.number(),
        keptStartMb: mb.optional(),
        keptEndMb: mb.optional(),
        keptSlopeMbPerMin: z.number().optional(),
        livePairsStart: count.optional(),
        livePairsEnd: count.optional(),
        expiredPairsEnd: count.optional(),
        ingestP99: p99.optional(),
        attributionP99: p99.optional(),
        memoryFlat: z.boolean(),
      })
      .optional(),
    verdict: z.string(),
  }),
  samples: z.array(
    z.strictObject({
      atMs: ms,
      events: count,
      eventsPerSecond: count,
      simulator: memory,
      platform: z
        .strictObject({
          ...memory.shape,
          livePairs: count.optional(),
          expiredPairs: count.optional(),
          orders: count.optional(),
          eventIds: count.optional(),
          heapAfterGcBytes: count.optional(),
          arrayBuffersBytes: count.optional(),
          bookRows: count.optional(),
          bookDays: count.optional(),
          ingestP99Ms: ms.optional(),
          attributionP99Ms: ms.optional(),
        })
        .optional(),
    }),
  ),
};

export const soakSchema: z.ZodType<SoakResult> = z.strictObject(soakShape);

/** result.json `soakShards` of a merged result (sim/run/run-result.ts). */
export const shardSoakSchema: z.ZodType<ShardSoak> = z.strictObject({
  shards: z.array(count).min(1),
  ...soakShape,
});
