import type { DecisionJson, DecisionStatus, Tier, UnattributedReason } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import type { ShardSoak, SoakResult } from './soak.js';

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
  /**
   * The kept violations: up to `--max-violations` examples of each group, in the groups' order, each
   * with a history file. Every violation found is counted in its group.
   */
  readonly violations: readonly Violation[];
  /** Examples kept per group (`--max-violations`); a merge keeps as many. */
  readonly examplesPerGroup: number;
  /** Every kind of violation the run found, with how many of each (issue 10, "Violations traced to their cause"). */
  readonly violationGroups: readonly ViolationGroup[];
  /**
   * A sharded result's seller-answer violations (seller-answer-violations.ts): every shard delivers
   * the seller timeline and compares every answer, and a merge counts each (event, group) once.
   * Absent when there are none, and from an unsharded run's result.
   */
  readonly sellerAnswerViolations?: readonly SellerAnswerViolation[];
  /**
   * What `--faults` injected toward the target, and how often the client retried. Absent from a
   * run without faults. Faults change no other field: an acknowledged event is never lost, none is
   * applied twice (R17), so the rest of the result is the clean run's with the same seed.
   */
  readonly faults?: RunFaults;
  /**
   * Only on a run that did not finish (a worker or the target failed, a worker ran out of memory):
   * why, where, and how far it got. The counts above are then what was checked so far; orders,
   * commission, money and decisions are read at the end of a run, so they are empty here.
   */
  readonly incomplete?: RunIncomplete;
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
    /**
     * Every request's latency as an HDR histogram (compressed base64, hdr-histogram-js, whole µs,
     * 3 significant digits), so `affsim merge` computes the percentiles of all shards' requests
     * together. Absent from older results, whose merges fall back on the largest shard percentile.
     */
    readonly latencyHistogram?: string;
  };
  /** `--soak`: samples of memory, p99 and event rate, and their summary (sim/run/soak.ts). */
  readonly soak?: SoakResult;
  /**
   * A merge of shards that soaked: each shard's soak as it was, by shard. They are not added up:
   * each sampled its own simulator, and shards that shared one target each sampled all of it.
   */
  readonly soakShards?: readonly ShardSoak[];
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

/**
 * Why a violation happened, as far as a black-box checker can tell (Jepsen-style: the first place
 * the histories diverge). `answer`: the platform answered an event otherwise than the model (this
 * violation's own event, or for a decision the earlier answer it follows from); `field`: no answer
 * diverged, and this is the first differing field of the decision in causal order (the credited
 * click before the rates before the amounts), with the one rule that decides that field.
 */
export interface ViolationCause {
  readonly kind: 'answer' | 'field';
  /** The one rule at stake: the refusing rule of the diverging answer, or the rule deciding the field. */
  readonly rule: string;
  /** One sentence, e.g. `the platform accepted s3.7.withdraw (store.withdrew); the model refused it under R2`. */
  readonly text: string;
  /** `answer`: the event whose answer diverged. */
  readonly eventId?: string;
  /** `field`: the first differing field (`affiliateId`, `lines[].rateBps`, …). */
  readonly field?: string;
}

/**
 * Violations alike: the same kind, cause and rule (an answer's also its event type, its direction
 * and its differing field). `fields` is every field kind (`lines[i]` as `lines[]`) that differed in
 * any of them. One bug usually makes one group however many orders it touches.
 */
export interface ViolationGroup {
  readonly fingerprint: string;
  readonly kind: 'decision' | 'answer';
  readonly rule: string;
  readonly fields: readonly string[];
  readonly cause: ViolationCause['kind'];
  /** For decisions that follow from diverging answers: the fingerprint of those answers' group. */
  readonly causedBy?: string;
  /** One line saying what the group is, e.g. `the platform accepted store.withdrew where the model refused it under R2`. */
  readonly title: string;
  /** Violations of this group found in the run (kept or only counted). */
  readonly count: number;
  /**
   * The money at stake in this group's orders, by their final decisions: the sum of
   * max(0, platform − model) and of max(0, model − platform) commission (0 for answers).
   */
  readonly overpaidCents: number;
  readonly underpaidCents: number;
}

/** A decision (or an answer) of the platform that differs from the reference model's. */
export interface Violation {
  /** Its group's fingerprint (ViolationGroup). */
  readonly fingerprint: string;
  readonly cause: ViolationCause;
  /** The rule ids the differing fields fall under, e.g. R8 for `affiliateId`, R13 for a commission. */
  readonly rules: readonly string[];
  readonly kind: 'decision' | 'answer';
  /** The order, for a decision; the event, for an answer. */
  readonly subject: string;
  readonly fields: readonly string[];
  readonly model: DecisionJson | { readonly outcome: string; readonly rule?: string } | null;
  readonly platform: DecisionJson | { readonly outcome: string; readonly rule?: string } | null;
  /** A history (EVENTS.md) that `affsim check` reproduces this with, relative to the output dir. */
  readonly historyFile: string;
  /**
   * The history file's size: `supersetEvents` is everything the divergence can depend on (the
   * buyer's events in every store, those stores' seller timelines, the clicks' affiliates, up to
   * when it was seen); `events` what is left after shrinking, when the target could be reset.
   */
  readonly history: {
    readonly events: number;
    readonly supersetEvents: number;
    /** `shrunk`: events were removed while the same violation persisted; `superset`: kept whole. */
    readonly form: 'shrunk' | 'superset';
    /** Why it is not shrunk (`form: superset`), e.g. the target has no reset. */
    readonly note?: string;
  };
  /** The command that replays the whole run. */
  readonly replay: string;
  /** The command that replays this violation's history on the same target (`affsim check …`). */
  readonly check: string;
}

/** Faults injected by kind (fault-spec.ts): requests' attempts, and for `reorder` swapped event pairs. */
export interface FaultCounts {
  readonly dropBefore: number;
  readonly dropAfter: number;
  readonly dup: number;
  readonly delay: number;
  readonly reorder: number;
  readonly timeout: number;
}

export interface RunFaults {
  /** The `--faults` spec as given. */
  readonly spec: string;
  readonly injected: FaultCounts;
  /** Attempts past a request's first, for an injected fault or a real failure. */
  readonly retries: number;
  /** `--crash-every N`: the service killed and restarted during the run, and what survived. */
  readonly crash?: CrashFaults;
}

/**
 * A crash run's counts (sim/targets/crash-proxy.ts, crash-check.ts): `acknowledged` distinct event
 * ids answered; `lost` those the restarted target answered as new, or otherwise than it had;
 * `duplicated` ids stored more than once, counted in affsim's journal (absent for a `--target-cmd`
 * service: not observable from outside, where a doubled event shows as a wrong decision instead).
 */
export interface CrashFaults {
  readonly everyN: number;
  readonly kills: number;
  readonly recovered: number;
  readonly recoveryMsMax: number;
  readonly acknowledged: number;
  readonly lost: number;
  readonly duplicated?: number;
  /** Requests the proxy sent again because the service died under them or was restarting. */
  readonly resent: number;
}

/** A seller event a shard found answered otherwise than the model: its id, its group, its day. */
export interface SellerAnswerViolation {
  readonly eventId: string;
  readonly fingerprint: string;
  readonly day: number;
}

/**
 * Why a run stopped before its last day (run-incomplete.ts). `kind`: `target` the platform failed
 * (exit 3), `adapter` the user's adapter threw (exit 2), `memory` a worker ran out of memory,
 * `worker` a worker died or threw, `main` the main thread failed (exit 3 for these three).
 */
export interface RunIncomplete {
  readonly kind: 'target' | 'adapter' | 'memory' | 'worker' | 'main';
  /** One line: what failed, where, and for memory what to change. */
  readonly reason: string;
  /** The worker that failed, 1 to `workers` (absent for a failure of the main thread). */
  readonly worker?: number;
  readonly workers: number;
  /** The day it failed on, as `daily[].day` counts (0 is the first). */
  readonly day?: number;
  /** Days every worker in this result completed: days before this one were checked in full. */
  readonly daysChecked: number;
  /** Workers whose checks are not in this result (they died with them), 1-based. */
  readonly lostWorkers: readonly number[];
}
