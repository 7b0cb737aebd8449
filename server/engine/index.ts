export {
  createEngine,
  type Engine,
  type EngineStats,
  WHAT_IF_ORDER_ID,
  type WhatIfAnswer,
  type WhatIfQuery,
} from './engine.js';
export { DEFAULT_ENGINE_RULES, type EngineRules, type OrderQuery } from './engine-rules.js';
export type { Answer, Effect, Outcome } from './outcome.js';
