import { describe, expect, test } from 'vitest';
import {
  ANSWER_TOO_LARGE_TYPE,
  isAnswerTooLarge,
  readDecisionChunks,
} from '../../sim/targets/decision-chunks.js';

/**
 * Why: the platform refuses a bulk decision query whose answer would pass its budget (413), so
 * affsim's own clients must still read every decision of orders with many lines, in smaller queries.
 */
describe('readDecisionChunks', () => {
  test('a chunk answered "too large" is asked again in halves; every id is read once, in order', async () => {
    const asked: number[] = [];
    const ids = Array.from({ length: 23 }, (_, i) => `o${i}`);
    const got = await readDecisionChunks(ids, 10, async (chunk) => {
      asked.push(chunk.length);
      return chunk.length > 3 ? 'too-large' : { decisions: chunk.map((id) => `d:${id}`) };
    });
    expect(got).toEqual(ids.map((id) => `d:${id}`));
    expect(asked[0]).toBe(10);
    expect(Math.max(...asked.filter((n) => n <= 3))).toBeLessThanOrEqual(3);
  });

  test('one order alone past the budget is an error naming it, not an endless split', async () => {
    await expect(readDecisionChunks(['big'], 10, async () => 'too-large' as const)).rejects.toThrow(
      /order big alone/,
    );
  });

  test('only the 413 answer-too-large problem counts as "too large"', () => {
    expect(isAnswerTooLarge(413, { type: ANSWER_TOO_LARGE_TYPE })).toBe(true);
    expect(isAnswerTooLarge(413, { type: 'urn:affsim:problem:payload-too-large' })).toBe(false);
    expect(isAnswerTooLarge(400, { type: ANSWER_TOO_LARGE_TYPE })).toBe(false);
    expect(isAnswerTooLarge(413, 'too large')).toBe(false);
  });
});
