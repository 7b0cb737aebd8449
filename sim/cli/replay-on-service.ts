import { type AnswerView, projectCompared, type TracedDisagreement } from '../check/format-disagreements.js';
import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import {
  DECISION_FIELDS,
  type PartialDecisionJson,
  readDecisions,
  type TargetContext,
  type TargetDefinition,
  TargetDefinitionError,
} from '../run/define-target.js';
import { UserModuleError } from '../run/load-user-module.js';
import type { EventSender, Replay } from '../run/replay-history.js';
import { AdapterError, oneLine, TargetError } from '../run/target-error.js';
import { type Io, TargetFailure, UsageError } from './io.js';
import { targetToken } from './target-token.js';

/**
 * A history replayed on a user's service through its adapter, for `affsim check` and `affsim
 * explain` (issue 10, "Replay and explain against the user's service"): the adapter loaded and
 * checked, the service reset, every answer and decision compared, each disagreement with its cause.
 */

/** Loads the user's adapter file and checks its definition: a missing, broken or incomplete file exits 2. */
export async function checkAdapter(file: string): Promise<TargetDefinition> {
  const { loadAdapter } = await import('../targets/replayers.js');
  try {
    return await loadAdapter(file);
  } catch (e) {
    if (e instanceof UserModuleError || e instanceof TargetDefinitionError) {
      throw new UsageError(oneLine(e.message));
    }
    throw e;
  }
}

/** Where a history is replayed: a user's service through its adapter, or a platform speaking affsim's API. */
export interface ServiceTarget {
  readonly url: string;
  readonly adapterFile?: string;
  /** The adapter, loaded and checked (checkAdapter); affsim's API when absent. */
  readonly target?: TargetDefinition;
  /** The bearer token of every request (R18); $AFFSIM_TARGET_TOKEN when absent (target-token.ts). */
  readonly token?: string | undefined;
}

export interface ServiceReplay {
  /** `resettable-affsim at http://…`, or `the platform at http://…` for affsim's API. */
  readonly name: string;
  readonly replay: Replay;
  /** The Decision fields compared (the adapter's `compare`, in DECISION_FIELDS' order). */
  readonly compared: readonly string[];
  readonly resets: boolean;
  /** The adapter the events went through (affsim's own when the service speaks its API). */
  readonly target: TargetDefinition;
  /** Every disagreement, answers in recording order, then decisions in creation order. */
  readonly disagreements: TracedDisagreement[];
  /** The platform's decisions of `alsoRead`, read after the replay (an order the model never accepted). */
  readonly alsoRead: readonly (PartialDecisionJson | null)[];
}

/** How a replay runs besides its defaults (`affsim fixtures --into`). */
export interface ReplayOptions {
  /** false: the service is not emptied even when the adapter can (it must start empty); default true. */
  readonly reset?: boolean;
  /** How the events are sent through the adapter (replay-history.ts' EventSender); sendEvents when absent. */
  readonly sender?: (target: TargetDefinition, ctx: TargetContext) => EventSender;
  /** Connections to an adapter's service (target-context.ts' default when absent). */
  readonly connections?: number;
}

/**
 * Replays a history on a service (sim/run/replay-history.ts): emptied first with the adapter's
 * reset(ctx) — without one, a line on stderr says it must start empty — then every event sent in
 * recording order and every answer and decision compared. A failing service exits 3; an adapter
 * that throws, or a platform running another policy, exits 2.
 */
export async function replayOnService(
  command: 'check' | 'explain' | 'fixtures',
  events: readonly AffEvent[],
  policy: Policy,
  service: ServiceTarget,
  io: Io,
  alsoRead: readonly string[] = [],
  options: ReplayOptions = {},
): Promise<ServiceReplay> {
  const { url, adapterFile, target } = service;
  const token = service.token ?? targetToken(undefined);
  const name = target === undefined ? `the platform at ${url}` : `${target.name} at ${url}`;
  const [{ replayHistory }, replayers, { TargetMismatchError }] = await Promise.all([
    import('../run/replay-history.js'),
    import('../targets/replayers.js'),
    import('../targets/expect-platform-policy.js'),
  ]);
  try {
    const connected =
      target === undefined
        ? await replayers.affsimApiReplayer(url, policy, 'history', undefined, token)
        : replayers.serviceReplayer(target, url, policy, undefined, options.connections, token);
    const replayer =
      options.reset === false ? { ...connected, resets: false, reset: async () => {} } : connected;
    try {
      // A preload without --reset chose a service that starts empty: it says so itself.
      if (!replayer.resets && command !== 'fixtures') {
        io.stderr.write(
          target === undefined
            ? `affsim ${command}: affsim cannot empty ${name} (no --target-adapter with reset(ctx)): it must start empty\n`
            : `affsim ${command}: the adapter ${adapterFile} has no reset(ctx): ${name} must start empty\n`,
        );
      }
      const send = options.sender?.(replayer.target, replayer.ctx);
      const replay = await replayHistory(events, policy, replayer, target?.compare, send);
      // A service that answers more repeats (R17) than the history holds already had these events:
      // its decisions would mix two histories, so the replay is refused rather than reported.
      const seen = new Set<string>();
      let repeatsInHistory = 0;
      for (const e of events) {
        if (seen.has(e.id)) repeatsInHistory += 1;
        seen.add(e.id);
      }
      const repeats = replay.answers.filter((a) => a.repeat === true).length - repeatsInHistory;
      if (repeats > 0) {
        throw new UsageError(
          `${name} answered ${repeats} event(s) as repeats of events it already had (R17)${replayer.resets ? ' after reset(ctx): the reset did not empty it' : `: it must start empty${command === 'fixtures' ? ` (already loaded?${target?.reset === undefined ? '' : ' --reset empties it first'})` : ''}`}`,
        );
      }
      const read = await readDecisions(replayer.target, alsoRead, replayer.ctx);
      return {
        name,
        replay,
        compared: replay.checker.compared,
        resets: replayer.resets,
        target: replayer.target,
        disagreements: traceDisagreements(replay, events),
        alsoRead: read,
      };
    } finally {
      await replayer.close();
    }
  } catch (e) {
    // A service that cannot be reached, times out or answers 5xx failed (exit 3); an adapter that
    // throws, or a platform running another policy, is the user's setup (exit 2).
    if (e instanceof TargetError) throw new TargetFailure(`target ${url} failed: ${oneLine(e.message)}`);
    if (e instanceof AdapterError) throw new UsageError(oneLine(e.message));
    if (e instanceof TargetMismatchError) throw new UsageError(`--target ${url}: ${e.message}`);
    throw e;
  }
}

/** A replay's violations as disagreements to show: answers in recording order, then decisions in creation order. */
function traceDisagreements(replay: Replay, events: readonly AffEvent[]): TracedDisagreement[] {
  const compared = replay.checker.compared;
  const eventIndex = new Map<string, number>();
  events.forEach((e, i) => {
    if (!eventIndex.has(e.id)) eventIndex.set(e.id, i);
  });
  const orderIndex = new Map(replay.orderIds.map((id, i) => [id, i]));
  const rank = (d: TracedDisagreement) =>
    d.kind === 'answer'
      ? (eventIndex.get(d.eventId) ?? events.length)
      : events.length + 1 + (orderIndex.get(d.orderId) ?? replay.orderIds.length);
  return replay.checker
    .keptViolations()
    .map(({ violation: v }): TracedDisagreement => {
      if (v.kind === 'answer') {
        const index = eventIndex.get(v.subject);
        return {
          kind: 'answer',
          eventId: v.subject,
          eventType: index === undefined ? '?' : (events[index] as AffEvent).type,
          model: v.model as AnswerView,
          platform: v.platform as AnswerView,
          cause: v.cause,
        };
      }
      const index = orderIndex.get(v.subject);
      return {
        kind: 'decision',
        orderId: v.subject,
        fields: v.fields,
        model: projectCompared(v.model, compared),
        platform: projectCompared(index === undefined ? null : (replay.decisions[index] ?? null), compared),
        cause: v.cause,
      };
    })
    .sort((a, b) => rank(a) - rank(b));
}

export function comparedWords(compared: readonly string[]): string {
  return compared.length === DECISION_FIELDS.length ? 'every Decision field' : compared.join(', ');
}
