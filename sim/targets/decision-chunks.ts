/**
 * Bulk decision queries in chunks the platform accepts. A chunk is at most `size` ids; one whose
 * answer would pass the platform's answer budget (413 `answer-too-large`: too many order lines or
 * bytes, sim/domain/api-limits.ts) is asked again in two halves, down to one id per query, so
 * orders with many lines are read too, just in more requests.
 */

/** What one query gave: the decisions in the order asked, or the platform's "too large". */
export type ChunkAnswer<T> = { readonly decisions: readonly T[] } | 'too-large';

export const ANSWER_TOO_LARGE_TYPE = 'urn:affsim:problem:answer-too-large';

export async function readDecisionChunks<T>(
  orderIds: readonly string[],
  size: number,
  ask: (ids: readonly string[]) => Promise<ChunkAnswer<T>>,
): Promise<T[]> {
  const out: T[] = [];
  const read = async (ids: readonly string[]): Promise<void> => {
    const answer = await ask(ids);
    if (answer !== 'too-large') {
      out.push(...answer.decisions);
      return;
    }
    if (ids.length === 1) {
      throw new Error(`the decision of order ${ids[0]} alone is over the platform's answer limit`);
    }
    const half = Math.ceil(ids.length / 2);
    await read(ids.slice(0, half));
    await read(ids.slice(half));
  };
  for (let start = 0; start < orderIds.length; start += size) {
    await read(orderIds.slice(start, start + size));
  }
  return out;
}

/** Whether an answer is the platform's 413 for a bulk decision answer past its budget. */
export function isAnswerTooLarge(status: number, body: unknown): boolean {
  return (
    status === 413 &&
    typeof body === 'object' &&
    body !== null &&
    (body as { type?: unknown }).type === ANSWER_TOO_LARGE_TYPE
  );
}
