import type { AffEvent } from '../domain/events.js';
import {
  type EventAnswer,
  type PartialDecisionJson,
  sendEvents,
  type TargetContext,
  type TargetDefinition,
} from './define-target.js';
import { OrderedDispatch } from './ordered-dispatch.js';

/**
 * Sends events one a request through an adapter's `send`, up to `concurrency` at once, in an
 * arrival order inside the engine's ordering guarantee (ordered-dispatch.ts). The answers come
 * back in the events' order, as sendEvents gives them. On the first failure nothing more is
 * started; the requests in flight are awaited, then that failure is thrown.
 */
export async function sendInParallel(
  target: TargetDefinition,
  events: readonly AffEvent[],
  ctx: TargetContext,
  concurrency: number,
  progress: (answered: number) => void = () => {},
): Promise<EventAnswer[]> {
  const dispatch = new OrderedDispatch(events, concurrency);
  const answers = new Array<EventAnswer>(events.length);
  let failure: { error: unknown } | undefined;
  let answered = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure !== undefined) {
        if (dispatch.inFlight === 0) resolve();
        return;
      }
      if (dispatch.done) {
        resolve();
        return;
      }
      for (const index of dispatch.take()) {
        sendEvents(target, [events[index] as AffEvent], ctx).then(
          ([answer]) => {
            answers[index] = answer as EventAnswer;
            answered += 1;
            progress(answered);
            dispatch.finish(index);
            pump();
          },
          (error: unknown) => {
            failure ??= { error };
            dispatch.finish(index);
            pump();
          },
        );
      }
    };
    pump();
  });
  if (failure !== undefined) throw failure.error;
  return answers;
}

/**
 * Every order's decision through an adapter's `readDecision`, up to `concurrency` at once: reads
 * change nothing, so any order is fine; the decisions come back in the order asked.
 */
export async function readDecisionsInParallel(
  target: TargetDefinition,
  orderIds: readonly string[],
  ctx: TargetContext,
  concurrency: number,
): Promise<(PartialDecisionJson | null)[]> {
  const out = new Array<PartialDecisionJson | null>(orderIds.length);
  let next = 0;
  const reader = async () => {
    while (next < orderIds.length) {
      const index = next++;
      out[index] = await target.readDecision(orderIds[index] as string, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, orderIds.length) }, reader));
  return out;
}
