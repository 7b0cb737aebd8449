/**
 * The shape of an adapter's `k6` part, checked by defineTarget with the rest of the adapter, so a
 * mistake in it is one line naming the field before anything is bundled. Whether its functions
 * are self-contained is checked where their source is taken (sim/targets/k6-part-source.ts).
 * Takes `unknown`: a user's file is not typed at run time.
 */
export function k6PartProblems(k6: unknown): string[] {
  if (k6 === null || typeof k6 !== 'object')
    return ['k6: expected an object { attribution, health?, write? }'];
  const { attribution, health, write } = k6 as { attribution?: unknown; health?: unknown; write?: unknown };
  const problems: string[] = [];
  if (attribution === null || typeof attribution !== 'object') {
    problems.push('k6.attribution: expected an object { path(orderId), decision(status, body), headers? }');
  } else {
    const { path, decision, headers } = attribution as Record<string, unknown>;
    if (typeof path !== 'function')
      problems.push('k6.attribution.path: expected a function (orderId) => the read path, like "/orders/…"');
    if (typeof decision !== 'function')
      problems.push(
        'k6.attribution.decision: expected a function (status, body) => the compared fields, or null',
      );
    if (headers !== undefined && typeof headers !== 'function' && !isStringRecord(headers))
      problems.push('k6.attribution.headers: expected an object of strings, or a function () => that object');
  }
  if (health !== undefined) {
    const path = (health as { path?: unknown } | null)?.path;
    if (typeof path !== 'string' || !path.startsWith('/'))
      problems.push(
        'k6.health: expected { path: "/…" }, a trivial endpoint of the service such as "/healthz"',
      );
  }
  if (write !== undefined) {
    if (write === null || typeof write !== 'object') {
      problems.push('k6.write: expected an object { click(event), order(event) }');
    } else {
      const { click, order } = write as Record<string, unknown>;
      if (typeof click !== 'function')
        problems.push(
          "k6.write.click: expected a function (click event) => the service's request { method, path, body }",
        );
      if (typeof order !== 'function')
        problems.push(
          "k6.write.order: expected a function (order.created event) => the service's request { method, path, body }",
        );
    }
  }
  return problems;
}

/** An object whose every value is a string: a k6 part's headers. */
export function isStringRecord(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

const WRITE_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH'];

/** What is wrong with a request of the write side (k6.write.click/order's result), or undefined. */
export function k6RequestProblem(request: unknown): string | undefined {
  if (request === null || typeof request !== 'object' || Array.isArray(request))
    return 'expected a request { method, path, body?, headers? }';
  const { method, path, body, headers } = request as Record<string, unknown>;
  if (typeof method !== 'string' || !WRITE_METHODS.includes(method))
    return `method: expected ${WRITE_METHODS.join(', ')} (got ${String(method)})`;
  if (typeof path !== 'string' || !path.startsWith('/'))
    return 'path: expected a path "/…" from the base URL';
  if (headers !== undefined && !isStringRecord(headers)) return 'headers: expected an object of strings';
  try {
    JSON.stringify(body);
  } catch {
    return 'body: expected a value JSON can encode';
  }
  return undefined;
}
