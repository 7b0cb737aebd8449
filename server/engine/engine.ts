import type { Policy } from '../../sim/domain/policy.js';
import { AttributionEngine } from './attribution-engine.js';
import { type Capacity, DEFAULT_CAPACITY } from './capacity.js';
import { DEFAULT_ENGINE_RULES, type EngineRules } from './engine-rules.js';
import type { Engine, EngineOptions } from './engine-types.js';

export {
  type Engine,
  type EngineOptions,
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
