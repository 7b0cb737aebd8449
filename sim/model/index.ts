export { lineCommissionCents } from './commission.js';
export { spanEndMs } from './day-span.js';
export { decide } from './decide.js';
export {
  type Evaluation,
  type EvaluationObserver,
  evaluateHistory,
  type RecordedEvent,
} from './evaluate-history.js';
export { type Admission, IdLedger } from './id-ledger.js';
export { ReferenceModel } from './reference-model.js';
export type * from './state.js';
