import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareRuns } from '../check/compare-runs.js';
import { type DecisionJson, toDecisionJson } from '../domain/decision.js';
import type { AffEvent } from '../domain/events.js';
import { writeHistory } from '../history/write-history.js';
import { IdLedger } from '../model/id-ledger.js';
import { ReferenceModel } from '../model/reference-model.js';
import type { Outcome } from '../model/state.js';
import type { Scenario } from '../scenario/define-scenario.js';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import { createSimulation } from '../traffic/create-simulation.js';
import type { Shard } from '../traffic/shard.js';
import { affsimTarget } from './affsim-target.js';
import {
  defineTarget,
  type EventAnswer,
  readDecisions,
  sendEvents,
  type TargetDefinition,
} from './define-target.js';
import { latencySummary } from './latency-summary.js';
import { loadUserModule } from './load-user-module.js';
import { type HistorySubject, minimalHistories } from './minimal-history.js';
import { ResultAccumulator } from './result-accumulator.js';
import { compareViolations } from './result-order.js';
import type { RunResult, Violation } from './run-result.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import { createTargetContext } from './target-context.js';
import { rulesOfFields } from './violation-rules.js';

/** One worker's share of a run: a shard of the buyers, with the whole seller timeline. */
export interface ShardTask {
  readonly scenario: ScenarioRef;
  readonly changes: ScenarioChanges;
  readonly seed: number;
  readonly shard: Shard;
  readonly baseUrl: string;
  /** A user's `defineTarget` file; affsim's own API when absent. */
  readonly adapterFile?: string;
  readonly outDir: string;
  /** The command that replays the whole run, printed with every violation. */
  readonly replay: string;
  readonly version: string;
  readonly targetLabel: string;
}

export interface ShardProgress {
  readonly day: number;
  readonly events: number;
  readonly violations: number;
}

/**
 * Violations kept in full (with a history file each); past it they are only counted. Each shard
 * keeps its first ones in the result's canonical order, so the run's kept set (the first of the
 * merge) is the same whatever the number of shards or workers.
 */
export const VIOLATIONS_KEPT_MAX = 50;

interface OrderBook {
  readonly storeId: string;
  readonly buyerId: string;
  readonly createdAtMs: number;
  lastAtMs: number;
  readonly gmvCents: number;
  readonly channel: string | undefined;
  violated: boolean;
}

/**
 * Runs one shard against a platform and checks it (issue 5, "Workers"): each simulated day, the
 * seller events and then the shard's buyer events go to the platform, every answer is compared
 * with the reference model's outcome, and at the end of the day the decision of every order the
 * day touched is read back and compared; at the end of the run every decision is compared again
 * and feeds the result. The model here is an independent instance fed the same events in time
 * order; it never sees the platform's state, only its answers (a black-box checker).
 */
export async function runShard(task: ShardTask, onProgress?: (p: ShardProgress) => void): Promise<RunResult> {
  const started = performance.now();
  const scenario = await loadScenario(task.scenario, task.changes);
  const target = task.adapterFile ? await loadTarget(task.adapterFile) : affsimTarget;
  const { ctx, latenciesMs, close } = createTargetContext(task.baseUrl, scenario.policy);
  try {
    const simulation = createSimulation(scenario, task.seed);
    // Every shard sends the seller timeline (R17 repeats after the first); only shard 0 counts it,
    // so the result's event counts are the history's whatever the number of shards.
    const checker = new ShardChecker(scenario, task.shard.index === 0);
    let events = 0;
    for (const day of simulation.days(task.shard)) {
      const sellerAnswers = await sendEvents(target, day.sellerEvents, ctx);
      const buyerAnswers = await sendEvents(target, day.buyerEvents, ctx);
      checker.day(day.sellerEvents, sellerAnswers, day.buyerEvents, buyerAnswers);
      const touched = checker.takeTouchedOrders();
      checker.compareDecisions(touched, await readDecisions(target, touched, ctx), false);
      events += day.sellerEvents.length + day.buyerEvents.length;
      onProgress?.({ day: day.day, events, violations: checker.violationCount });
    }
    const all = checker.orderIds();
    checker.compareDecisions(all, await readDecisions(target, all, ctx), true);
    const violations = await checker.writeViolations(() => simulation.events(task.shard), task);
    const wallMs = performance.now() - started;
    return checker.accumulator.result(
      {
        affsim: { version: task.version },
        scenario: { name: scenario.name, description: scenario.description },
        seed: task.seed,
        shards: { count: task.shard.count, indexes: [task.shard.index] },
        target: task.targetLabel,
        policy: scenario.policy,
      },
      violations,
      { wallMs, eventsPerSecond: events / (wallMs / 1000), latencyMs: latencySummary(latenciesMs) },
    );
  } finally {
    await close();
  }
}

async function loadTarget(file: string): Promise<TargetDefinition> {
  return defineTarget((await loadUserModule(file, 'target adapter')) as TargetDefinition);
}

/** The reference model's side of a shard, and the comparisons with the platform's answers. */
class ShardChecker {
  readonly accumulator: ResultAccumulator;
  readonly #model: ReferenceModel;
  readonly #ledger = new IdLedger();
  readonly #orders = new Map<string, OrderBook>();
  /** Per (store, buyer): the channels of the chain's first and latest clicks, to credit a channel (R8). */
  readonly #chainChannels = new Map<string, { first: string; latest: string }>();
  readonly #touched = new Set<string>();
  #kept: { violation: Violation; subject: HistorySubject }[] = [];
  #violationCount = 0;

  constructor(
    readonly scenario: Scenario,
    readonly countsSellerEvents: boolean,
  ) {
    this.#model = new ReferenceModel(scenario.policy);
    this.accumulator = new ResultAccumulator(scenario);
  }

  get violationCount(): number {
    return this.#violationCount;
  }

  /**
   * Applies a day to the model in time order (ties: seller events first, as they were sent) and
   * compares each of the platform's answers with the model's outcome.
   */
  day(
    sellerEvents: readonly AffEvent[],
    sellerAnswers: readonly EventAnswer[],
    buyerEvents: readonly AffEvent[],
    buyerAnswers: readonly EventAnswer[],
  ): void {
    let s = 0;
    let b = 0;
    while (s < sellerEvents.length || b < buyerEvents.length) {
      const seller = sellerEvents[s];
      const buyer = buyerEvents[b];
      if (seller !== undefined && (buyer === undefined || seller.at <= buyer.at)) {
        this.#event(seller, sellerAnswers[s] as EventAnswer, this.countsSellerEvents);
        s += 1;
      } else {
        this.#event(buyer as AffEvent, buyerAnswers[b] as EventAnswer, true);
        b += 1;
      }
    }
  }

  /** `counted`: false for the seller events of shards other than 0, which check them only as model input. */
  #event(event: AffEvent, answer: EventAnswer, counted: boolean): void {
    if (counted) this.accumulator.answered(answer.accepted, answer.rule);
    const admission = this.#ledger.admit(event);
    if (admission.kind === 'repeat') {
      if (counted) this.accumulator.repeat();
      return;
    }
    const outcome: Outcome =
      admission.kind === 'conflict'
        ? {
            kind: 'rejected',
            rule: 'R17',
            message: `event id ${event.id} was already used for another event`,
          }
        : this.#model.apply(event);
    if (counted) this.#compareAnswer(event, outcome, answer);
    if (outcome.kind !== 'accepted') return;
    const effect = outcome.effect;
    if (event.type === 'click') {
      const qualifying = effect.type === 'click-qualifying';
      this.accumulator.click(event.storeId, event.at, qualifying);
      if (effect.type === 'click-qualifying') {
        const key = `${event.storeId}\u0000${event.buyerId}`;
        const previous = this.#chainChannels.get(key);
        this.#chainChannels.set(key, {
          first: effect.chain === 'restarted' && previous ? previous.first : event.channel,
          latest: event.channel,
        });
      }
    } else if (event.type === 'order.created' && effect.type === 'order-created') {
      const channels = this.#chainChannels.get(`${event.storeId}\u0000${event.buyerId}`);
      if (effect.chain !== undefined) this.accumulator.clickToOrder(event.at - effect.chain.latest.atMs);
      this.#orders.set(event.orderId, {
        storeId: event.storeId,
        buyerId: event.buyerId,
        createdAtMs: event.at,
        lastAtMs: event.at,
        gmvCents: event.lines.reduce((sum, l) => sum + l.amountCents, 0),
        channel:
          channels && (this.scenario.policy.credit === 'first-click' ? channels.first : channels.latest),
        violated: false,
      });
      this.#touched.add(event.orderId);
    } else if (event.type.startsWith('order.') && 'orderId' in event) {
      const order = this.#orders.get(event.orderId);
      if (order) order.lastAtMs = event.at;
      this.#touched.add(event.orderId);
    }
  }

  #compareAnswer(event: AffEvent, outcome: Outcome, answer: EventAnswer): void {
    const modelAccepted = outcome.kind === 'accepted';
    const modelRule = outcome.kind === 'rejected' ? outcome.rule : undefined;
    const sameRule = answer.accepted || answer.rule === undefined || answer.rule === modelRule;
    if (modelAccepted === answer.accepted && sameRule) return;
    const view = (accepted: boolean, rule: string | undefined) =>
      accepted ? { outcome: 'accepted' } : { outcome: 'rejected', ...(rule ? { rule } : {}) };
    const fields = modelAccepted === answer.accepted ? ['rule'] : ['outcome'];
    const subject = subjectOf(event, this.#orders);
    this.#record(
      {
        rules: [...new Set([modelRule, answer.rule].filter((r): r is string => r !== undefined))].sort(),
        kind: 'answer',
        subject: event.id,
        fields,
        model: view(modelAccepted, modelRule),
        platform: view(answer.accepted, answer.rule),
        historyFile: '',
        replay: '',
      },
      event.at,
      subject,
    );
  }

  takeTouchedOrders(): string[] {
    const ids = [...this.#touched];
    this.#touched.clear();
    return ids;
  }

  orderIds(): string[] {
    return [...this.#orders.keys()];
  }

  /** Compares the platform's decisions with the model's; `final` also feeds the result's counts. */
  compareDecisions(
    orderIds: readonly string[],
    platform: readonly (DecisionJson | null)[],
    final: boolean,
  ): void {
    orderIds.forEach((orderId, i) => {
      const order = this.#orders.get(orderId) as OrderBook;
      const decided = this.#model.decision(orderId);
      const model = decided === undefined ? null : toDecisionJson(decided);
      const theirs = platform[i] ?? null;
      if (final)
        this.accumulator.order(order.storeId, order.createdAtMs, order.gmvCents, theirs, order.channel);
      if (order.violated) return;
      const [difference] = compareRuns(
        { decisions: model ? [model] : [], rejected: [] },
        { decisions: theirs ? [theirs] : [], rejected: [] },
      );
      if (difference?.kind !== 'decision') return;
      order.violated = true;
      this.#record(
        {
          rules: rulesOfFields(difference.fields),
          kind: 'decision',
          subject: orderId,
          fields: difference.fields,
          model,
          platform: theirs,
          historyFile: '',
          replay: '',
        },
        order.lastAtMs,
        { storeId: order.storeId, buyerId: order.buyerId, orderId, untilMs: order.lastAtMs },
      );
    });
  }

  #record(violation: Violation, atMs: number, subject: HistorySubject | undefined): void {
    this.#violationCount += 1;
    this.accumulator.violation(atMs);
    if (subject === undefined) return;
    this.#kept.push({ violation, subject });
    if (this.#kept.length >= 2 * VIOLATIONS_KEPT_MAX) this.#prune();
  }

  #prune(): void {
    this.#kept = this.#kept
      .sort((a, b) => compareViolations(a.violation, b.violation))
      .slice(0, VIOLATIONS_KEPT_MAX);
  }

  /** Writes a minimal history per kept violation (regenerating the shard's events: nothing was kept). */
  async writeViolations(events: () => Iterable<AffEvent>, task: ShardTask): Promise<Violation[]> {
    this.#prune();
    if (this.#kept.length === 0) return [];
    const dir = join(task.outDir, 'violations');
    mkdirSync(dir, { recursive: true });
    const histories = minimalHistories(
      events(),
      this.#kept.map((k) => k.subject),
    );
    const out: Violation[] = [];
    for (let i = 0; i < this.#kept.length; i += 1) {
      const v = (this.#kept[i] as { violation: Violation }).violation;
      const file = `violations/${v.kind}-${v.subject.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`;
      await writeHistory(join(task.outDir, file), histories[i] as AffEvent[], this.scenario.policyOverrides);
      out.push({ ...v, historyFile: file, replay: task.replay });
    }
    return out;
  }
}

/** The store, buyer and order an event's answer depends on. */
function subjectOf(event: AffEvent, orders: ReadonlyMap<string, OrderBook>): HistorySubject | undefined {
  switch (event.type) {
    case 'affiliate.registered':
      return undefined;
    case 'click':
      return { storeId: event.storeId, buyerId: event.buyerId, untilMs: event.at };
    case 'order.created':
      return { storeId: event.storeId, buyerId: event.buyerId, orderId: event.orderId, untilMs: event.at };
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded': {
      const order = orders.get(event.orderId);
      return (
        order && { storeId: order.storeId, buyerId: order.buyerId, orderId: event.orderId, untilMs: event.at }
      );
    }
    default:
      return { storeId: event.storeId, untilMs: event.at };
  }
}
