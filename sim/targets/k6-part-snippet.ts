import { DECISION_FIELDS, type DecisionField, type TargetDefinition } from '../run/define-target.js';

/**
 * What `affsim load` says to an adapter without a `k6` part: the part to paste into that adapter,
 * written for its own `compare` list, so the message is the first step of the fix.
 */
export function missingK6PartMessage(target: TargetDefinition, file: string): string {
  const compare = target.compare ?? DECISION_FIELDS;
  return `target adapter ${file} (${target.name}) has no k6 part: affsim load runs k6 against your service with the functions of that part, bundled into the k6 scripts. Add to its defineTarget({ … }), with your service's route and answer:

  k6: {
    attribution: {
      // The read of one order's decision, from the base URL (what readDecision reads).
      path: (orderId) => \`/orders/\${encodeURIComponent(orderId)}/attribution\`,
      // The answer as the compared fields (${compare.join(', ')}); null when the service has no such order.
      decision: (status, body) =>
        status === 404 ? null : ${decisionExpression(compare)},
      // headers: { authorization: \`Bearer \${__ENV.SERVICE_TOKEN}\` },   // optional
    },
    health: { path: '/healthz' }, // optional: a trivial endpoint of the service, the baseline at the same rate
${WRITE_SNIPPET}  },

Its functions run inside k6, alone: no imports and nothing from the module around them (standard JavaScript and __ENV only). See docs/k6.md, "Your own endpoint".`;
}

/** `{ attributed: body.attributed, …, lines: body.lines.map((l) => ({ … })) }` for the compared fields. */
function decisionExpression(compare: readonly DecisionField[]): string {
  const top = compare.filter((f) => !f.startsWith('lines[].')).map((f) => `${f}: body.${f}`);
  const line = compare.filter((f) => f.startsWith('lines[].')).map((f) => f.slice('lines[].'.length));
  if (line.length > 0)
    top.push(`lines: body.lines.map((l) => ({ ${line.map((f) => `${f}: l.${f}`).join(', ')} }))`);
  return `{ ${top.join(', ')} }`;
}

/** The write side, as the snippets show it (`ingest` and `mixed` need it). */
const WRITE_SNIPPET = `    // optional, for affsim load ingest and mixed: a new buyer's click and order as your service's requests
    write: {
      click: (e) => ({ method: 'POST', path: '/clicks', body: { id: e.id, at: e.at, buyer: e.buyerId, affiliate: e.affiliateId, store: e.storeId, product: e.productId ?? null, channel: e.channel } }),
      order: (e) => ({ method: 'POST', path: '/orders', body: { id: e.id, at: e.at, order: e.orderId, buyer: e.buyerId, store: e.storeId, lines: e.lines } }),
    },
`;

/** What `affsim load ingest|mixed --target-adapter` says to an adapter whose k6 part cannot write. */
export function missingWriteMessage(
  target: TargetDefinition,
  file: string,
  scripts: readonly string[],
  url: string,
): string {
  return `affsim load ${scripts.join(', ')} --target-adapter ${file}: the k6 part of ${target.name} has no write side, and ${scripts.length === 1 ? 'this script writes' : 'these scripts write'} (a new buyer's click and order). Add to its k6: { … }, with your service's routes and request bodies:

${WRITE_SNIPPET}
Each write is accepted when your service answers 2xx, and the order's decision is then read back through k6.attribution and its compared fields checked. Its functions run inside k6, alone (standard JavaScript and __ENV only). Or run only the reads: affsim load attribution --target ${url} --target-adapter ${file}`;
}
