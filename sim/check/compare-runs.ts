import type { DecisionJson } from '../domain/decision.js';

/** What an engine made of a history: the shape of `affsim check --json`. */
export interface EngineRun {
  readonly decisions: readonly DecisionJson[];
  readonly rejected: readonly { readonly id: string; readonly rule: string; readonly message: string }[];
}

export type Disagreement =
  | {
      readonly kind: 'decision';
      readonly orderId: string;
      readonly model: DecisionJson | null;
      readonly server: DecisionJson | null;
      /** Field paths whose values differ (`status`, `lines[1].commissionCents`). */
      readonly fields: readonly string[];
    }
  | {
      readonly kind: 'rejection';
      readonly eventId: string;
      /** The rule ids that refused this event id, per engine ([] when it accepted it). */
      readonly model: readonly string[];
      readonly server: readonly string[];
    };

/**
 * Every way two runs of one history differ: decisions field by field (by order id), and which
 * rule refused which event id (messages are each engine's own words, so they are not compared).
 */
export function compareRuns(model: EngineRun, server: EngineRun): Disagreement[] {
  const out: Disagreement[] = [];
  const modelById = byOrderId(model.decisions);
  const serverById = byOrderId(server.decisions);
  for (const orderId of union(modelById.keys(), serverById.keys())) {
    const m = modelById.get(orderId) ?? null;
    const s = serverById.get(orderId) ?? null;
    const fields = differingFields(m, s);
    if (fields.length > 0) out.push({ kind: 'decision', orderId, model: m, server: s, fields });
  }
  const modelRules = rulesById(model.rejected);
  const serverRules = rulesById(server.rejected);
  for (const eventId of union(modelRules.keys(), serverRules.keys())) {
    const m = modelRules.get(eventId) ?? [];
    const s = serverRules.get(eventId) ?? [];
    if (m.join() !== s.join()) out.push({ kind: 'rejection', eventId, model: m, server: s });
  }
  return out;
}

function byOrderId(decisions: readonly DecisionJson[]): Map<string, DecisionJson> {
  return new Map(decisions.map((d) => [d.orderId, d]));
}

/** An id can be refused more than once (an R17 conflict reuses the original's id), so rules are sorted lists. */
function rulesById(rejected: EngineRun['rejected']): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const r of rejected) map.set(r.id, [...(map.get(r.id) ?? []), r.rule].sort());
  return map;
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])];
}

function differingFields(m: DecisionJson | null, s: DecisionJson | null): string[] {
  if (m === null || s === null) return m === s ? [] : ['(missing)'];
  const a = flatten(m);
  const b = flatten(s);
  return union(a.keys(), b.keys()).filter((path) => a.get(path) !== b.get(path));
}

/** `{lines: [{tier: 'main'}]}` → `lines[0].tier` → `"main"`; values JSON-encoded so null and "null" differ. */
export function flatten(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    out.set(`${path}.length`, String(value.length));
    value.forEach((v, i) => {
      flatten(v, `${path}[${i}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
  return out;
}
