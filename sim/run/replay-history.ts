import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { timeOrderDelivery } from '../history/delivery-order.js';
import {
  type DecisionField,
  type EventAnswer,
  type PartialDecisionJson,
  readDecisions,
  sendEvents,
  type TargetContext,
  type TargetDefinition,
} from './define-target.js';
import { ShardChecker } from './shard-checker.js';

/**
 * A target a history can be replayed on from a clean start: the adapter, its connection, and how
 * to empty it (defineTarget's `reset`, or a fresh in-process platform). Composed by the adapters
 * layer (sim/targets/replayers.ts); the run sees only this port.
 */
export interface Replayer {
  readonly target: TargetDefinition;
  readonly ctx: TargetContext;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How the events reach the target, one answer each in order: sendEvents by default; a preload
 * sends them in chunks, with progress, or with bounded parallelism inside the ordering guarantee.
 */
export type EventSender = (events: readonly AffEvent[]) => Promise<readonly EventAnswer[]>;

export interface Replay {
  /** The model's side and every comparison, as in a run: groups, kept examples, causes. */
  readonly checker: ShardChecker;
  /** The platform's answer to each event, by index in the history. */
  readonly answers: readonly EventAnswer[];
  /** The orders the model accepted, in creation order, and the platform's decision of each. */
  readonly orderIds: readonly string[];
  readonly decisions: readonly (PartialDecisionJson | null)[];
}

/**
 * Replays a history on a target after emptying it: every event sent in recording order (as the
 * run sent them: a run's history is recorded in the order it was sent), the model fed the same
 * events in time order (RULES.md, "Order of evaluation"), every answer compared, then every
 * order's decision read once at the end and compared on the `compare` fields. Every violation is
 * kept (a replay is small).
 */
export async function replayHistory(
  events: readonly AffEvent[],
  policy: Policy,
  replayer: Replayer,
  compare?: readonly DecisionField[],
  send: EventSender = (all) => sendEvents(replayer.target, all, replayer.ctx),
): Promise<Replay> {
  await replayer.reset();
  const answers = await send(events);
  const checker = new ShardChecker(policy, {
    ...(compare === undefined ? {} : { compare }),
    examplesPerGroup: Number.MAX_SAFE_INTEGER,
  });
  const order = timeOrderDelivery(events);
  checker.day(
    [],
    [],
    order.map((i) => events[i] as AffEvent),
    order.map((i) => answers[i] as EventAnswer),
  );
  const orderIds = checker.orderIds();
  const decisions = await readDecisions(replayer.target, orderIds, replayer.ctx);
  checker.compareDecisions(orderIds, decisions, true);
  return { checker, answers, orderIds, decisions };
}
