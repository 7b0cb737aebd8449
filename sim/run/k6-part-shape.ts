/**
 * The shape of an adapter's `k6` part, checked by defineTarget with the rest of the adapter, so a
 * mistake in it is one line naming the field before anything is bundled. Whether its functions
 * are self-contained is checked where their source is taken (sim/targets/k6-part-source.ts).
 * Takes `unknown`: a user's file is not typed at run time.
 */
export function k6PartProblems(k6: unknown): string[] {
  if (k6 === null || typeof k6 !== 'object') return ['k6: expected an object { attribution, health? }'];
  const { attribution, health } = k6 as { attribution?: unknown; health?: unknown };
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
