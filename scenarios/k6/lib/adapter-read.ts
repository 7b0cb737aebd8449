import { check } from 'k6';
import http from 'k6/http';
import type { DecisionJson } from '../../../sim/domain/decision.js';
import type { PartialDecisionJson } from '../../../sim/domain/decision-fields.js';
import { type DecisionTuple, decodeDecision } from '../../../sim/fixtures/fixture-format.js';
import { comparedPart, fieldGroups, sameFields } from './compared-fields.js';
import { jsonBody, mayShowMismatch } from './decision-checks.js';
import type { K6PartBundle } from './k6-part.js';
import { orderPicker } from './order-picker.js';
import { verifiedDecisions } from './verified-decisions.js';

/**
 * Reads of preloaded orders' decisions from a user's service through its adapter's k6 part: the
 * adapter's path and headers, its answer mapped by the adapter's `decision`, and only the fields
 * the adapter compares checked against the model's decision, one check per field group. A null
 * decision for an order the model decided, or a mapping that throws, is a wrong answer.
 */
export function adapterAttributionReader(
  baseUrl: string,
  decisions: DecisionTuple[],
  part: K6PartBundle,
): (n: number) => void {
  const pick = orderPicker(decisions.length);
  const read = adapterDecisionRead(baseUrl, part);
  return (n) => {
    const tuple = decisions[pick(n)];
    if (tuple === undefined) throw new Error('no decision to read');
    read(decodeDecision(tuple));
  };
}

/**
 * Reads one order's decision the adapter's way and checks the compared fields against `expected`
 * (the model's decision); true when every one matches. `windowFromAnswer`: under calendar days the
 * window end of a new click is the zone's business, taken from the answer when it is after the click.
 */
export function adapterDecisionRead(
  baseUrl: string,
  part: K6PartBundle,
): (expected: DecisionJson, windowFromAnswer?: (got: PartialDecisionJson) => DecisionJson) => boolean {
  const compare = part.compare;
  const groups = fieldGroups(compare);
  // One metric series for the route, named the way the service's routes read.
  const tags = {
    endpoint: 'attribution',
    name: `GET ${decodeURIComponent(part.attribution.path('{orderId}'))}`,
  };
  return (given, windowFromAnswer) => {
    const res = http.get(`${baseUrl}${part.attribution.path(given.orderId)}`, {
      headers: part.attribution.headers(),
      tags,
    });
    let got: PartialDecisionJson | null = null;
    let problem = '';
    try {
      const mapped: unknown = part.attribution.decision(res.status, jsonBody(res));
      if (mapped === null) problem = 'the adapter maps the answer to null: no such order';
      else if (typeof mapped !== 'object') problem = `the adapter maps the answer to ${String(mapped)}`;
      else got = mapped as PartialDecisionJson;
    } catch (e) {
      problem = `the adapter's k6.attribution.decision threw ${String(e)}`;
    }
    const expected = got !== null && windowFromAnswer !== undefined ? windowFromAnswer(got) : given;
    const checks: Record<string, () => boolean> = {
      // Status 0: no answer at all (k6 cut the request off): the breakpoint's timeline tells these apart.
      'attribution: a response': () => res.status !== 0,
      'attribution: answered': () => got !== null,
    };
    for (const g of groups)
      checks[`attribution: ${g.check}`] = () => got !== null && sameFields(got, expected, g.fields);
    checks['attribution: every compared field'] = () => got !== null && sameFields(got, expected, compare);
    const ok = check(res, checks);
    if (ok) verifiedDecisions.add(1);
    else if (mayShowMismatch(res)) {
      console.error(
        `decision of ${expected.orderId} (${part.name}, compared fields): expected ${JSON.stringify(comparedPart(expected, compare))}, got ${problem || JSON.stringify(got)} from ${res.status} ${String(res.body).slice(0, 1_000)}`,
      );
    }
    return ok;
  };
}

/** The adapter's trivial endpoint: the baseline, loaded at the same rate in the same run. */
export function adapterHealthCheck(baseUrl: string, part: K6PartBundle): () => void {
  const path = part.health?.path ?? '/';
  const tags = { endpoint: 'health', name: `GET ${path}` };
  return () => {
    const res = http.get(`${baseUrl}${path}`, { headers: part.attribution.headers(), tags });
    check(res, { 'health: 2xx': (r) => r.status >= 200 && r.status < 300 });
  };
}
