import { BATCH_EVENTS_MAX, BODY_BYTES_MAX, DECISION_QUERY_IDS_MAX } from '../domain/api-limits.js';
import type { DecisionJson, RuleId } from '../domain/decision.js';
import type { AffEvent } from '../domain/events.js';
import { timeOrderDelivery } from '../history/delivery-order.js';
import { TargetError } from '../run/target-error.js';
import { capacityFailure } from './capacity-failure.js';
import { isAnswerTooLarge, readDecisionChunks } from './decision-chunks.js';
import type { PlatformSend } from './platform-send.js';

/**
 * What the platform made of a history, in the shape `affsim check` prints for the model; each
 * rejection also carries `index`, the event's position in the history (arrival order).
 */
export interface ServerRun {
  /** One per accepted order, in the order the platform accepted them. */
  readonly decisions: DecisionJson[];
  /** Every refused event (R3), in arrival order; repeats of an id (R17) are not listed again. */
  readonly rejected: { id: string; rule: RuleId; message: string; index: number }[];
}

export interface RunOptions {
  /** Events per batch request (at most BATCH_EVENTS_MAX). */
  readonly batchSize?: number;
  /**
   * `time-order` (default): sent in time order, which any recording allows (see delivery-order.ts);
   * `as-recorded`: sent exactly as given, for tests of arrival orders inside the ordering guarantee.
   */
  readonly delivery?: 'time-order' | 'as-recorded';
}

/**
 * An event whose JSON alone is over the platform's request body limit (BODY_BYTES_MAX): no batch
 * can carry it, so the history cannot be sent (the model still evaluates it). Thrown before it is sent.
 */
export class EventTooLargeError extends Error {
  constructor(
    /** The event's position in the history (recording order). */
    readonly index: number,
    readonly eventId: string,
    readonly bytes: number,
  ) {
    super(
      `event ${eventId} is ${bytes} bytes as JSON: over the platform's request body limit of ${BODY_BYTES_MAX} bytes, so it cannot be sent to the platform`,
    );
  }
}

/** `{"events":[` and `]}` around a batch's events. */
const BATCH_WRAPPER_BYTES = 13;

interface BatchResult {
  readonly status: number;
  readonly repeat: boolean;
  readonly body: {
    type?: string;
    orderId?: string;
    rule?: RuleId;
    eventId?: string;
    detail?: string;
    errors?: unknown;
    limit?: string;
    max?: number;
    flag?: string;
  };
}

/**
 * Sends a history's events (given in recording order) to the platform through its batch
 * endpoint, then reads back every accepted order's decision. Rejections are listed in evaluation
 * (time) order, ties in recording order, as the model lists them; `index` is the recording index.
 * The platform must run the history's policy (see remote-platform.ts) and start empty.
 */
export async function runHistoryOnPlatform(
  events: readonly AffEvent[],
  send: PlatformSend,
  options: RunOptions = {},
): Promise<ServerRun> {
  const batchSize = Math.min(options.batchSize ?? BATCH_EVENTS_MAX, BATCH_EVENTS_MAX);
  const orderIds: string[] = [];
  const seenOrders = new Set<string>();
  const rejected: ServerRun['rejected'] = [];
  const order = options.delivery === 'as-recorded' ? events.map((_, i) => i) : timeOrderDelivery(events);
  // A platform that answers more repeats (R17) than the history holds already knew these events:
  // its decisions would mix two histories, so the run is refused instead of reported as disagreements.
  const seenIds = new Set<string>();
  let repeatsInHistory = 0;
  let repeatsAnswered = 0;
  for (const i of order) {
    const id = (events[i] as AffEvent).id;
    if (seenIds.has(id)) repeatsInHistory += 1;
    seenIds.add(id);
  }

  for (const { indexes, json } of batches(order, events, batchSize)) {
    const batch = indexes.map((i) => events[i] as AffEvent);
    const { results } = (await call(send, '/events/batch', `{"events":[${json.join(',')}]}`)) as {
      results: BatchResult[];
    };
    results.forEach((result, i) => {
      const { status, body } = result;
      if (result.repeat) repeatsAnswered += 1;
      if (status === 200) {
        if (body.type === 'order.created' && body.orderId !== undefined && !seenOrders.has(body.orderId)) {
          seenOrders.add(body.orderId);
          orderIds.push(body.orderId);
        }
      } else if (body.rule !== undefined && (status === 409 || status === 422)) {
        if (!result.repeat) {
          const id = body.eventId ?? (batch[i] as AffEvent).id;
          rejected.push({ id, rule: body.rule, message: body.detail ?? '', index: indexes[i] as number });
        }
      } else {
        const full = capacityFailure((batch[i] as AffEvent).id, result);
        if (full) throw full;
        throw new Error(
          `the platform refused event ${(batch[i] as AffEvent).id} as invalid input (${status}): ${body.detail}`,
        );
      }
    });
  }

  if (repeatsAnswered > repeatsInHistory) {
    throw new Error(
      `the platform answered ${repeatsAnswered - repeatsInHistory} event(s) as repeats of events it already had (R17): it must start empty; restart it`,
    );
  }
  const atOf = (index: number) => (events[index] as AffEvent).at;
  rejected.sort((a, b) => atOf(a.index) - atOf(b.index) || a.index - b.index);

  // A chunk whose answer would pass the platform's budget (many-line orders) is asked in halves.
  const read = await readDecisionChunks<DecisionJson | null>(
    [...new Set(orderIds)],
    DECISION_QUERY_IDS_MAX,
    async (ids) => {
      const answer = await call(send, '/attribution/decisions', { orderIds: ids }, isAnswerTooLarge);
      return answer === 'too-large' ? answer : (answer as { decisions: (DecisionJson | null)[] });
    },
  );
  const decisions = read.filter((d): d is DecisionJson => d !== null);
  return { decisions, rejected };
}

/**
 * Batches of at most `size` events and well under BODY_BYTES_MAX (a store's catalogue can be
 * megabytes), each event serialized once.
 */
function* batches(
  order: readonly number[],
  events: readonly AffEvent[],
  size: number,
): Generator<{ indexes: number[]; json: string[] }> {
  const bytesMax = BODY_BYTES_MAX / 2;
  let batch = { indexes: [] as number[], json: [] as string[] };
  let bytes = 0;
  for (const index of order) {
    const json = JSON.stringify(events[index]);
    // A UTF-16 unit is at most 3 bytes of UTF-8: only a long event needs counting.
    if (json.length * 3 + BATCH_WRAPPER_BYTES > BODY_BYTES_MAX) {
      const bytes = Buffer.byteLength(json);
      if (bytes + BATCH_WRAPPER_BYTES > BODY_BYTES_MAX)
        throw new EventTooLargeError(index, (events[index] as AffEvent).id, bytes);
    }
    if (batch.indexes.length > 0 && (batch.indexes.length >= size || bytes + json.length > bytesMax)) {
      yield batch;
      batch = { indexes: [], json: [] };
      bytes = 0;
    }
    batch.indexes.push(index);
    batch.json.push(json);
    bytes += json.length + 1;
  }
  if (batch.indexes.length > 0) yield batch;
}

/** POSTs JSON; `tooLarge` (when given) recognises an answer the caller splits its request on. */
async function call(
  send: PlatformSend,
  path: string,
  body: unknown,
  tooLarge?: (status: number, body: unknown) => boolean,
): Promise<unknown> {
  const response = await send(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (tooLarge?.(response.status, parseOrText(text))) return 'too-large';
  const failure = `POST ${path} answered ${response.status}: ${text.slice(0, 500)}`;
  // A 5xx is the platform failing (exit 3); a 4xx is what it made of the input.
  if (response.status >= 500) throw new TargetError(failure);
  if (!response.ok) throw new Error(failure);
  return JSON.parse(text);
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
