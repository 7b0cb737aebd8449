import { BATCH_EVENTS_MAX, DECISION_QUERY_IDS_MAX } from '../domain/api-limits.js';
import type { DecisionJson } from '../domain/decision.js';
import { defineTarget, type EventAnswer, type HttpAnswer } from '../run/define-target.js';
import { capacityFailure, lateFailure } from './capacity-failure.js';
import { isAnswerTooLarge, readDecisionChunks } from './decision-chunks.js';

/** Half the API's published limits (sim/domain/api-limits.ts): a remote platform may run lower ones. */
const BATCH_EVENTS = BATCH_EVENTS_MAX / 2;
const DECISION_IDS = DECISION_QUERY_IDS_MAX / 2;

interface BatchResult {
  readonly status: number;
  readonly repeat: boolean;
  readonly body: {
    readonly rule?: string;
    readonly detail?: string;
    readonly type?: string;
    readonly limit?: string;
    readonly max?: number;
    readonly flag?: string;
  };
}

/** The built-in adapter: affsim's own API (`affsim serve`), batch ingestion and bulk decisions. */
export const affsimTarget = defineTarget({
  name: 'affsim',
  async sendBatch(events, ctx) {
    const answers: EventAnswer[] = [];
    for (let start = 0; start < events.length; start += BATCH_EVENTS) {
      const chunk = events.slice(start, start + BATCH_EVENTS);
      const { results } = ok(
        await ctx.request('POST', '/events/batch', { events: chunk }),
        '/events/batch',
      ) as {
        results: BatchResult[];
      };
      results.forEach((r, i) => {
        if (r.status === 200) answers.push({ accepted: true, repeat: r.repeat });
        else if ((r.status === 422 || r.status === 409) && r.body.rule) {
          answers.push({ accepted: false, rule: r.body.rule, repeat: r.repeat });
        } else {
          const full = capacityFailure(chunk[i]?.id, r) ?? lateFailure(chunk[i]?.id, r);
          if (full) throw full;
          throw new Error(
            `the platform refused event ${chunk[i]?.id} as invalid (${r.status}): ${r.body.detail}`,
          );
        }
      });
    }
    return answers;
  },
  async readDecision(orderId, ctx) {
    const answer = await ctx.request('GET', `/orders/${encodeURIComponent(orderId)}/attribution`);
    if (answer.status === 404) return null;
    return ok(answer, 'attribution') as DecisionJson;
  },
  async readDecisions(orderIds, ctx) {
    // The server answers a repeated id once: ask for distinct ids, answer in the order asked.
    const distinct = [...new Set(orderIds)];
    const got = await readDecisionChunks<DecisionJson | null>(distinct, DECISION_IDS, async (ids) => {
      const answer = await ctx.request('POST', '/attribution/decisions', { orderIds: ids });
      if (isAnswerTooLarge(answer.status, answer.body)) return 'too-large';
      return ok(answer, '/attribution/decisions') as { decisions: (DecisionJson | null)[] };
    });
    const byId = new Map(distinct.map((id, i) => [id, got[i] ?? null]));
    return orderIds.map((id) => byId.get(id) ?? null);
  },
});

function ok(answer: HttpAnswer, what: string): unknown {
  if (answer.status !== 200) {
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer.body;
}
