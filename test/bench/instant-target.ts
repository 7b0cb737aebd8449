import { type AffEvent, EVENT_TYPES } from '../../sim/domain/events.js';
import { defineTarget, type EventAnswer, type TargetContext } from '../../sim/run/define-target.js';

/**
 * The one-by-one-bench's adapter: every event is one `POST /e` to a service that answers at once
 * and knows nothing, so the run measures the simulator's own request rate, not a platform's. Its
 * answers are not the rules' (everything is accepted, no order has a decision): the run reports
 * violations, which is expected here and not what is measured. No decision field is compared.
 */
async function send(event: AffEvent, ctx: TargetContext): Promise<EventAnswer> {
  await ctx.request('POST', '/e', event);
  return { accepted: true };
}

export default defineTarget({
  name: 'instant (benchmark)',
  // A sender per type (no sendBatch): the run sends them one a request, several in flight.
  send: Object.fromEntries(EVENT_TYPES.map((type) => [type, send])),
  readDecision: async () => null,
  compare: [],
});
