import { describeRuleCases } from '../cases/history-evaluator.js';
import { referenceModelEvaluator } from './reference-model-evaluator.js';

// Why: the hand-computed table is an independent check of the model, not a snapshot of it.
describeRuleCases(referenceModelEvaluator);
