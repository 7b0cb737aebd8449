import { type DecisionJson, toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import { IdLedger } from '../../sim/model/id-ledger.js';
import { ReferenceModel } from '../../sim/model/reference-model.js';
import type { Outcome } from '../../sim/model/state.js';
import type { EventAnswer } from '../../sim/run/define-target.js';

/**
 * A platform for checker tests with no HTTP: a reference model of its own (another instance than
 * the checker's), fed events in recording order, R17 through IdLedger, answering as the rules say
 * unless told to get some wrong. `wrongAnswers` flips the answers of those event positions (in
 * recording order); `wrongDecisions` adds a cent to those orders' commission, as a buggy
 * platform would, and always the same way (its decisions depend on its events only).
 */
export class ModelPlatform {
  readonly #model: ReferenceModel;
  readonly #ledger = new IdLedger();
  readonly #answers = new Map<string, EventAnswer>();
  #sent = 0;

  constructor(
    policy: Policy,
    readonly wrongAnswers: ReadonlySet<number> = new Set(),
    readonly wrongDecisions: ReadonlySet<string> = new Set(),
  ) {
    this.#model = new ReferenceModel(policy);
  }

  /** The model the platform keeps (for counts a test makes independently of the checker). */
  get model(): ReferenceModel {
    return this.#model;
  }

  send(events: readonly AffEvent[]): { answers: EventAnswer[]; outcomes: (Outcome | 'repeat')[] } {
    const outcomes: (Outcome | 'repeat')[] = [];
    const answers = events.map((event) => {
      const admission = this.#ledger.admit(event);
      let answer: EventAnswer;
      if (admission.kind === 'repeat') {
        answer = this.#answers.get(event.id) ?? { accepted: true };
        outcomes.push('repeat');
      } else {
        const outcome: Outcome =
          admission.kind === 'conflict'
            ? { kind: 'rejected', rule: 'R17', message: 'conflict' }
            : this.#model.apply(event);
        outcomes.push(outcome);
        answer = outcome.kind === 'accepted' ? { accepted: true } : { accepted: false, rule: outcome.rule };
        if (admission.kind === 'new') this.#answers.set(event.id, answer);
      }
      const position = this.#sent;
      this.#sent += 1;
      return this.wrongAnswers.has(position) ? flip(answer) : answer;
    });
    return { answers, outcomes };
  }

  /**
   * A simulated day, applied as the checker applies it (shard-checker.ts): seller and buyer
   * events merged in time order, ties seller first; answers and outcomes per list.
   */
  sendDay(sellerEvents: readonly AffEvent[], buyerEvents: readonly AffEvent[]) {
    const seller = { answers: [] as EventAnswer[], outcomes: [] as (Outcome | 'repeat')[] };
    const buyer = { answers: [] as EventAnswer[], outcomes: [] as (Outcome | 'repeat')[] };
    let s = 0;
    let b = 0;
    while (s < sellerEvents.length || b < buyerEvents.length) {
      const next = sellerEvents[s];
      const other = buyerEvents[b];
      const fromSeller = next !== undefined && (other === undefined || next.at <= other.at);
      const sent = this.send([(fromSeller ? next : other) as AffEvent]);
      const into = fromSeller ? seller : buyer;
      into.answers.push(sent.answers[0] as EventAnswer);
      into.outcomes.push(sent.outcomes[0] as Outcome | 'repeat');
      if (fromSeller) s += 1;
      else b += 1;
    }
    return { seller, buyer };
  }

  decisions(orderIds: readonly string[]): (DecisionJson | null)[] {
    return orderIds.map((orderId) => {
      const decision = this.#model.decision(orderId);
      if (decision === undefined) return null;
      const json = toDecisionJson(decision);
      return this.wrongDecisions.has(orderId) ? { ...json, commissionCents: json.commissionCents + 1 } : json;
    });
  }
}

function flip(answer: EventAnswer): EventAnswer {
  return answer.accepted ? { accepted: false, rule: 'R16' } : { accepted: true };
}
