import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/**
 * The heap used as the latest full GC left it: the live heap, near enough (the observer runs just
 * after the collection). A soak's heap readings taken at random moments swing by the garbage of a
 * GC cycle (hundreds of MB on a busy server), which hides a slope; this one follows what is kept.
 * One observer per process, started with the first app's metrics (a test process creates many).
 */
let latest = 0;
let observer: PerformanceObserver | undefined;

export function watchFullGcs(): void {
  if (observer !== undefined) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        latest = getHeapStatistics().used_heap_size;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** The heap used after the latest full GC since `watchFullGcs`; 0 before the first. */
export function heapAfterFullGc(): number {
  return latest;
}
