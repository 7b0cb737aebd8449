import { formatInstant } from '../../sim/domain/instant.js';
import type { History } from './raw-event.js';

/** Every instant moved by `deltaMs` (written back as `…Z`). */
export function shiftHistory(history: History, deltaMs: number): History {
  return {
    policy: history.policy,
    events: history.events.map((e) => ({ ...e, at: formatInstant(Date.parse(e.at) + deltaMs) })),
  };
}
