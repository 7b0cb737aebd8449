/**
 * affsim's public API for user files: scenarios (`defineScenario`) and target adapters
 * (`defineTarget`), with the domain types they speak in. `import { defineScenario } from 'affsim'`.
 */
export type { DecisionJson, DecisionStatus, RuleId, Tier, UnattributedReason } from './domain/decision.js';
export type { AffEvent, EventOf, EventType } from './domain/events.js';
export { formatInstant, parseInstant } from './domain/instant.js';
export { DEFAULT_POLICY, type Policy } from './domain/policy.js';
export { evaluateHistory } from './model/evaluate-history.js';
export {
  DECISION_FIELDS,
  type DecisionField,
  defineTarget,
  type EventAnswer,
  type HttpAnswer,
  type K6AttributionRead,
  type K6Part,
  type K6Request,
  type K6Write,
  type PartialDecisionJson,
  type TargetContext,
  type TargetDefinition,
} from './run/define-target.js';
export type { RunResult, Violation } from './run/run-result.js';
export type { AdversarialKnobs } from './scenario/adversarial-knobs.js';
export type { BuyerKnobs } from './scenario/buyer-knobs.js';
export { defineScenario, type Scenario, type ScenarioSpec } from './scenario/define-scenario.js';
export type { Burst, EdgeKind, EdgeKnobs } from './scenario/edge-knobs.js';
export type { IntRange } from './scenario/knob-types.js';
export type { SellerKnobs } from './scenario/seller-knobs.js';
export type { WorldKnobs } from './scenario/world-knobs.js';
export { affsimTarget } from './targets/affsim-target.js';
