import type { History } from './raw-event.js';

/** A history as an EVENTS.md JSON Lines file: the policy line (when it sets anything), then one event a line. */
export function toJsonl(history: History): string {
  const policy = Object.keys(history.policy).length > 0 ? [{ type: 'policy', ...history.policy }] : [];
  return [...policy, ...history.events].map((line) => `${JSON.stringify(line)}\n`).join('');
}
