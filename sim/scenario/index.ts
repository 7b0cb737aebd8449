export { DEFAULT_CHANNEL_MIX } from './_buyer-knobs.js';
export { type Burst, EDGE_KINDS, type EdgeKind } from './_edge-knobs.js';
export { defineScenario, type Scenario, ScenarioError, type ScenarioIssue } from './define-scenario.js';
export { listScenarios, type ScenarioListing } from './list-scenarios.js';
export { DEFAULT_START, type ScenarioSpec, scenarioSchema } from './scenario-schema.js';
export { type SwarmSizes, swarmScenario } from './swarm-scenario.js';
export { type ScenarioChanges, withChanges } from './with-changes.js';
