import http from 'k6/http';
import { type DecisionTuple, decodeDecision } from '../../../sim/fixtures/fixture-format.js';
import { AUTH_HEADERS } from './auth-headers.js';
import { checkDecision } from './decision-checks.js';
import { ENDPOINTS } from './endpoint.js';
import { orderPicker } from './order-picker.js';

/**
 * Reads of preloaded orders' attribution, each answer checked against the model's decision.
 * Returns the read for the n-th iteration (`exec.scenario.iterationInTest`).
 */
export function attributionReader(baseUrl: string, decisions: DecisionTuple[]): (n: number) => void {
  const pick = orderPicker(decisions.length);
  return (n) => {
    const tuple = decisions[pick(n)];
    if (tuple === undefined) throw new Error('no decision to read');
    const expected = decodeDecision(tuple);
    const res = http.get(`${baseUrl}/orders/${encodeURIComponent(expected.orderId)}/attribution`, {
      headers: AUTH_HEADERS,
      tags: ENDPOINTS.attribution,
    });
    checkDecision(res, expected);
  };
}
