/**
 * The rules a differing decision field falls under, so a violation cites the rule book
 * (RULES.md): which click and window (R6, R8), whether it is an affiliate order (R9), the rate and
 * its lock (R10, R11), lifecycle (R12), the amount (R13) and refunds (R14).
 */
const FIELD_RULES: readonly [RegExp, readonly string[]][] = [
  [/^attributed$|^reason$/, ['R9']],
  [/^affiliateId$/, ['R8']],
  [/^clickAt$/, ['R8']],
  [/^windowEndsAt$/, ['R6']],
  [/^status$/, ['R12', 'R14']],
  [/^commissionCents$|\.commissionCents$/, ['R13']],
  [/\.rateBps$|\.tier$/, ['R10', 'R11']],
  [/\.refundedCents$/, ['R14']],
  [/^\(missing\)$/, ['R16']],
];

export function rulesOfFields(fields: readonly string[]): string[] {
  const rules = new Set<string>();
  for (const field of fields) {
    for (const [pattern, ids] of FIELD_RULES) if (pattern.test(field)) for (const id of ids) rules.add(id);
  }
  return [...rules].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}
