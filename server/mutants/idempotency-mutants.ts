import type { AffEvent } from '../../sim/domain/events.js';
import { type Outcome, rejected } from '../engine/outcome.js';
import { type Mutant, submitMutant } from './mutant.js';

/** Mutants of R17 (event ids): the real engine behind a decorated `submit`, since the id ledger is the engine's own. */

export const IDEMPOTENCY_MUTANTS: readonly Mutant[] = [
  submitMutant(
    {
      name: 'retry-applied-twice',
      rule: 'R17',
      summary: 'a retried event (same id, same payload) is applied again as a new event',
    },
    (inner) => {
      let retries = 0;
      return (event: AffEvent) => {
        const answer = inner.submit(event);
        if (!answer.repeat) return answer;
        // A fresh id the ledger has never seen: the retry goes through every rule again.
        retries += 1;
        return inner.submit({ ...event, id: `${event.id}\u0000retry-${retries}` });
      };
    },
  ),
  submitMutant(
    {
      name: 'retry-refused-as-duplicate',
      rule: 'R17',
      summary: 'a retried event is refused as a duplicate (409) instead of answered with the original answer',
    },
    (inner) => (event: AffEvent) => {
      const answer = inner.submit(event);
      if (!answer.repeat) return answer;
      return { outcome: rejected('R17', `R17: event id ${event.id} is a duplicate`), repeat: false };
    },
  ),
  submitMutant(
    {
      name: 'id-reuse-answered-as-original',
      rule: 'R17',
      summary: 'an event id reused for another event is answered with the original answer instead of refused',
    },
    (inner) => {
      const firstAnswers = new Map<string, Outcome>();
      return (event: AffEvent) => {
        const answer = inner.submit(event);
        if (answer.repeat || answer.refused || answer.late) return answer;
        const first = firstAnswers.get(event.id);
        if (first !== undefined && answer.outcome.kind === 'rejected' && answer.outcome.rule === 'R17')
          return { outcome: first, repeat: true };
        if (first === undefined) firstAnswers.set(event.id, answer.outcome);
        return answer;
      };
    },
  ),
];
