import { isDeepStrictEqual } from 'node:util';
import { BATCH_EVENTS_MAX } from '../domain/api-limits.js';
import { TargetError } from '../run/target-error.js';
import type { AcknowledgedEvent, CrashProxy } from './crash-proxy.js';

export interface AcknowledgedCheck {
  /** Acknowledged events sent again and answered as repeats with their acknowledged answer: present once. */
  readonly present: number;
  /** Acknowledged events the restarted target answered as new, or otherwise than it had: not held as acknowledged. */
  readonly lost: number;
  /** Up to a few of the lost events' ids, for the message. */
  readonly lostIds: readonly string[];
}

const CHUNK = BATCH_EVENTS_MAX / 2;
const IDS_SHOWN = 5;

/**
 * The end of a crash run, after a last kill and restart: every acknowledged event is sent again,
 * unchanged. R17 says a stored event's id gets its original answer again, marked as a repeat
 * (`repeat: true` in a batch result); an event the target lost is answered as new instead (and
 * stored now, which no longer matters: the run is over). So "present" is decided by the target's
 * own ledger, never by counting its storage. An event present twice cannot be seen this way (the
 * second copy would answer as a repeat too): for affsim's platform its journal is counted instead
 * (the CLI's crash run), and for any target a doubled event changes a decision, which the run's
 * checker has compared with the model's.
 */
export async function checkAcknowledged(proxy: CrashProxy, token?: string): Promise<AcknowledgedCheck> {
  const all = [...proxy.acknowledged()];
  let present = 0;
  const lost: string[] = [];
  for (let start = 0; start < all.length; start += CHUNK) {
    const chunk = all.slice(start, start + CHUNK);
    const answer = await proxy.forward(
      'POST',
      '/events/batch',
      'application/json',
      Buffer.from(JSON.stringify({ events: chunk.map((a) => a.event) })),
      token === undefined ? undefined : `Bearer ${token}`,
    );
    if (answer.status !== 200) {
      throw new TargetError(
        `POST /events/batch (the acknowledged events, sent again): answered ${answer.status}`,
      );
    }
    const { results } = JSON.parse(answer.body.toString()) as {
      results: { status: number; body: unknown; repeat: boolean }[];
    };
    chunk.forEach((acknowledged, i) => {
      if (held(acknowledged, results[i])) present += 1;
      else lost.push(acknowledged.event.id);
    });
  }
  return { present, lost: lost.length, lostIds: lost.slice(0, IDS_SHOWN) };
}

function held(
  acknowledged: AcknowledgedEvent,
  again: { status: number; body: unknown; repeat: boolean } | undefined,
): boolean {
  return (
    again?.repeat === true &&
    again.status === acknowledged.status &&
    isDeepStrictEqual(again.body, acknowledged.body)
  );
}
