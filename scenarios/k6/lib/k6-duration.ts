/**
 * k6 duration strings and the rate bound, with no k6 global in sight: config.ts (inside k6) and
 * breakpoint-config.ts (inside k6 and in `affsim load`, under Node) share them.
 */

/** Far above what one k6 instance can start against one server: past it the value is a typo. */
export const RATE_MAX = 100_000;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/;
const UNIT_S: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds in a k6 duration string (`1m30s`, `500ms`, `2h`), or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  // A regex loop rather than matchAll (ES2020), which old k6 runtimes lack.
  const part = new RegExp(DURATION_PART.source, 'g');
  let seconds = 0;
  for (let m = part.exec(text); m !== null; m = part.exec(text)) {
    seconds += Number(m[1]) * (UNIT_S[m[2] as string] as number);
  }
  return seconds;
}
