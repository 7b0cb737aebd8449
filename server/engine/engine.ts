import type { Policy } from '../../sim/domain/policy.js';
import { AttributionEngine } from './attribution-engine.js';
import { type Capacity, DEFAULT_CAPACITY } from './capacity.js';
import { DEFAULT_ENGINE_RULES, type EngineRules } from './engine-rules.js';
import { ENGINE_STATE_LAYOUT } from './engine-snapshot.js';
import type { Engine, EngineOptions, EngineSnapshot } from './engine-types.js';

export {
  type Engine,
  type EngineOptions,
  type EngineSnapshot,
  type EngineStats,
  WHAT_IF_ORDER_ID,
  type WhatIfAnswer,
  type WhatIfQuery,
} from './engine-types.js';

/**
 * `rules`: the rule functions to call (engine-rules.ts); the rule book's own when absent.
 * `capacity`: the limits to enforce (capacity.ts); DEFAULT_CAPACITY when absent.
 * `options`: pair expiry (engine-types.ts, EngineOptions); off when absent.
 */
export function createEngine(
  policy: Policy,
  rules: EngineRules = DEFAULT_ENGINE_RULES,
  capacity: Capacity = DEFAULT_CAPACITY,
  options: EngineOptions = {},
): Engine {
  return new AttributionEngine(policy, rules, capacity, options);
}

/**
 * An engine of the rule book's own rules that goes on from a snapshot (`Engine.snapshot` of an
 * engine under the same policy and pair expiry lag): it answers every event, repeats included, as
 * the engine the snapshot was taken of would. Throws when the snapshot is of another layout or lag.
 */
export function restoreEngine(
  policy: Policy,
  capacity: Capacity,
  options: EngineOptions,
  snapshot: EngineSnapshot,
): Engine {
  if (snapshot.layout !== ENGINE_STATE_LAYOUT) {
    throw new Error(`an engine snapshot of layout ${snapshot.layout}, not ${ENGINE_STATE_LAYOUT}`);
  }
  return new AttributionEngine(policy, DEFAULT_ENGINE_RULES, capacity, options, snapshot.engine);
}
