import type { DecisionJson, DecisionStatus, Tier, UnattributedReason } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';

/**
 * What one simulation run (or a merge of shard runs) produced: the content of `result.json`,
 * the input of the terminal summary, the JUnit file and the HTML report. Every count is a sum
 * over buyers, so shard results merge by addition and the result does not depend on `--workers`;
 * only the fields under `timing` vary between two runs with the same seed.
 */
export interface RunResult {
  readonly affsim: { readonly version: string };
  readonly scenario: { readonly name: string; readonly description: string };
  readonly seed: number;
  /** The shards this result covers (`[0]` of 1 for an unsharded run; several after a merge). */
  readonly shards: { readonly count: number; readonly indexes: readonly number[] };
  readonly target: string;
  /** The Decision fields compared with the model's (the adapter's `compare`; every field by default). */
  readonly compared: readonly string[];
  readonly policy: Policy;
  readonly period: { readonly startAt: string; readonly endAt: string; readonly days: number };
  readonly events: EventCounts;
  readonly clicks: { readonly total: number; readonly qualifying: number; readonly notQualifying: number };
  readonly orders: {
    readonly total: number;
    readonly byStatus: Readonly<Record<DecisionStatus, number>>;
    readonly byReason: Readonly<Record<UnattributedReason, number>>;
    readonly gmvCents: number;
  };
  readonly commission: {
    readonly totalCents: number;
    readonly byTier: Readonly<Record<Tier, number>>;
    /** By the channel of the credited click (R8). */
    readonly byChannel: Readonly<Record<string, number>>;
    readonly byAffiliate: Readonly<Record<string, number>>;
  };
  /**
   * What the platform paid against what the rules say, for the same orders as finally decided
   * (issue 10, "The money at stake"). Absent from older result files: read back as all zero.
   */
  readonly money: MoneyAtStake;
  /** Orders whose final decision equals the model's in every compared field, of all orders. */
  readonly decisions: { readonly matched: number; readonly total: number };
  /** storeId → traffic and money of that store. */
  readonly stores: Readonly<Record<string, StoreSummary>>;
  /** One entry per simulated day, in order (day 0 first). */
  readonly daily: readonly DailyCounts[];
  /**
   * Attributed and unattributed orders by the time from the buyer's latest qualifying click into
   * the store to the order, in whole hours (`hours` = bucket start; the last bucket is open-ended),
   * so the report can show the delay against the window.
   */
  readonly clickToOrderHours: readonly { readonly hours: number; readonly orders: number }[];
  readonly violations: readonly Violation[];
  /** Wall-clock measurements: the only fields allowed to differ between runs with the same seed. */
  readonly timing: {
    readonly wallMs: number;
    readonly eventsPerSecond: number;
    readonly latencyMs: {
      readonly p50: number;
      readonly p95: number;
      readonly p99: number;
      readonly max: number;
    };
  };
}

export interface EventCounts {
  /**
   * Events of the run's history and the platform's answers. Every shard sends the seller timeline,
   * but only shard 0 counts it, so these do not depend on the number of shards or workers.
   */
  readonly sent: number;
  readonly accepted: number;
  /** Repeats the history itself holds (same id, same payload: acknowledged, R17). */
  readonly repeats: number;
  /** Rule id → events the platform refused with it (R3). */
  readonly rejectedByRule: Readonly<Record<string, number>>;
  /** Events the platform refused without naming a rule: refused all the same, so counted here. */
  readonly rejectedNoRule: number;
  /** Events of types the target does not take (its adapter's `unsupported`): not sent, applied to the model. */
  readonly unsupported: number;
}

/** Commission of the same orders by the reference model and by the platform, in cents. */
export interface MoneyPair {
  readonly modelCents: number;
  readonly platformCents: number;
}

export interface MoneyAtStake {
  readonly modelCents: number;
  readonly platformCents: number;
  /** Sum over orders of max(0, platform − model): paid beyond the rules. */
  readonly overpaidCents: number;
  /** Sum over orders of max(0, model − platform): owed and not paid. */
  readonly underpaidCents: number;
  /** GMV of the orders compared (every order the model accepted). */
  readonly gmvCents: number;
  /** By the tier of each line, each side by its own lines' tiers. */
  readonly byTier: Readonly<Record<Tier, MoneyPair>>;
  /**
   * Each side's commission under the affiliate it credited. Like `commission.byAffiliate` and
   * `stores`, bounded by the scenario's world (AFFILIATES_MAX, STORES_MAX) and kept whole, so
   * shards merge exactly; the reports show only the top differences.
   */
  readonly byAffiliate: Readonly<Record<string, MoneyPair>>;
  readonly byStore: Readonly<Record<string, MoneyPair>>;
}

export interface StoreSummary {
  readonly clicks: number;
  readonly orders: number;
  readonly gmvCents: number;
  readonly commissionCents: number;
}

export interface DailyCounts {
  readonly day: number;
  /** The day's start, ISO-8601 UTC. */
  readonly date: string;
  readonly clicks: number;
  readonly orders: number;
  /** Commission of the orders created that day, as finally decided. */
  readonly commissionCents: number;
  readonly violations: number;
}

/** A decision (or an answer) of the platform that differs from the reference model's. */
export interface Violation {
  /** The rule ids the differing fields fall under, e.g. R8 for `affiliateId`, R13 for a commission. */
  readonly rules: readonly string[];
  readonly kind: 'decision' | 'answer';
  /** The order, for a decision; the event, for an answer. */
  readonly subject: string;
  readonly fields: readonly string[];
  readonly model: DecisionJson | { readonly outcome: string; readonly rule?: string } | null;
  readonly platform: DecisionJson | { readonly outcome: string; readonly rule?: string } | null;
  /** A minimal history (EVENTS.md) that `affsim check` reproduces this with, relative to the output dir. */
  readonly historyFile: string;
  /** The command that replays the whole run. */
  readonly replay: string;
}
