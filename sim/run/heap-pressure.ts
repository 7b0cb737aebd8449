import { getHeapStatistics } from 'node:v8';

/**
 * A heap about to run out (issue 12). A worker thread that reaches its limit dies with its checks
 * (ERR_WORKER_OUT_OF_MEMORY), and the main thread, where the in-process platform keeps every order,
 * dies with the whole process (a V8 fatal error nothing can catch). So both look before they
 * leap: past `share` of the heap limit at `strikes` looks in a row (one high reading may be
 * garbage not yet collected), the run stops on its own and writes what it checked.
 */
export const HEAP_SHARE_LIMIT = 0.9;
const STRIKES = 2;

export interface HeapReading {
  readonly usedBytes: number;
  readonly limitBytes: number;
}

const readHeap = (): HeapReading => {
  const s = getHeapStatistics();
  return { usedBytes: s.used_heap_size, limitBytes: s.heap_size_limit };
};

/** A function to call now and then: the reading that crossed the line, or undefined. */
export function heapWatch(
  read: () => HeapReading = readHeap,
  share = HEAP_SHARE_LIMIT,
): () => HeapReading | undefined {
  let strikes = 0;
  return () => {
    const r = read();
    strikes = r.usedBytes >= share * r.limitBytes ? strikes + 1 : 0;
    return strikes >= STRIKES ? r : undefined;
  };
}

/** `at 93% of its 4,144 MB heap limit` */
export function heapWords(r: HeapReading): string {
  const mb = Math.round(r.limitBytes / 2 ** 20).toLocaleString('en-US');
  return `at ${Math.round((100 * r.usedBytes) / r.limitBytes)}% of its ${mb} MB heap limit`;
}
