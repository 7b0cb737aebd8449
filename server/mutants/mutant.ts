import type { RuleId } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import type { Capacity } from '../engine/capacity.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { DEFAULT_ENGINE_RULES, type EngineRules } from '../engine/engine-rules.js';
import type { Answer } from '../engine/outcome.js';

/** What the zoo says of a mutant: its name (kebab-case), the one rule it breaks, and the bug in one line. */
export interface MutantInfo {
  readonly name: string;
  readonly rule: RuleId;
  /** The bug as a real service would have it. */
  readonly summary: string;
}

/** A mutant: its info and how to build a fresh engine of it (each engine gets its own closures and state). */
export interface Mutant extends MutantInfo {
  /** `capacity`: the limits it enforces, as the real engine's (DEFAULT_CAPACITY when absent). */
  readonly create: (policy: Policy, capacity?: Capacity) => Engine;
}

/**
 * A mutant made by wrapping some of the real rule functions (engine-rules.ts). `wrap` gets the real
 * table and the engine's policy and returns the replaced functions; it runs once per engine, so a
 * closure may keep per-engine state (a map of stores, of orders).
 */
export function ruleMutant(
  info: MutantInfo,
  wrap: (real: EngineRules, policy: Policy) => Partial<EngineRules>,
): Mutant {
  return {
    ...info,
    create: (policy, capacity) => {
      const inner = createEngine(
        policy,
        { ...DEFAULT_ENGINE_RULES, ...wrap(DEFAULT_ENGINE_RULES, policy) },
        capacity,
      );
      // Behind the decorator, which has no `snapshot`: the wrapped rules' closures keep state a
      // snapshot of the engine would miss, so a mutant's data dir always replays in full.
      return new SubmitDecorator(inner, (event) => inner.submit(event));
    },
  };
}

/**
 * A mutant of R17, whose bookkeeping (the id ledger) is the engine's own: the real engine behind a
 * decorated `submit`. `wrap` runs once per engine, so its closure may keep per-engine state.
 */
export function submitMutant(info: MutantInfo, wrap: (inner: Engine) => (event: AffEvent) => Answer): Mutant {
  return {
    ...info,
    create: (policy, capacity) => {
      const inner = createEngine(policy, DEFAULT_ENGINE_RULES, capacity);
      return new SubmitDecorator(inner, wrap(inner));
    },
  };
}

class SubmitDecorator implements Engine {
  constructor(
    readonly inner: Engine,
    readonly submit: (event: AffEvent) => Answer,
  ) {}

  get policy(): Policy {
    return this.inner.policy;
  }

  get capacity(): Capacity {
    return this.inner.capacity;
  }

  decision(orderId: string) {
    return this.inner.decision(orderId);
  }

  orderStoreId(orderId: string): string | undefined {
    return this.inner.orderStoreId(orderId);
  }

  decisions() {
    return this.inner.decisions();
  }

  whatIf(query: Parameters<Engine['whatIf']>[0]) {
    return this.inner.whatIf(query);
  }

  hasAffiliate(affiliateId: string): boolean {
    return this.inner.hasAffiliate(affiliateId);
  }

  storeCatalogue(storeId: string) {
    return this.inner.storeCatalogue(storeId);
  }

  stats() {
    return this.inner.stats();
  }
}
