/**
 * Error messages quote what they refuse, but never all of it: an 8 MiB string in a field must not
 * come back in an 8 MiB error body (or fill a log line). Every echo of untrusted input goes
 * through `excerpt`.
 */

/** The most characters of one piece of input an error message repeats. */
export const EXCERPT_CHARS_MAX = 200;

/** `text` itself when short, else its first EXCERPT_CHARS_MAX characters and "…". */
export function excerpt(text: string, max: number = EXCERPT_CHARS_MAX): string {
  if (text.length <= max) return text;
  // Do not cut a surrogate pair in two: the excerpt must stay valid Unicode.
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** A quoted (JSON string) excerpt, for naming a refused value inside a sentence. */
export function quoted(text: string, max: number = EXCERPT_CHARS_MAX): string {
  return JSON.stringify(excerpt(text, max));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Any refused value as an excerpt of its JSON form (`undefined` and functions as their names). */
export function quotedValue(value: unknown, max: number = EXCERPT_CHARS_MAX): string {
  return excerpt(JSON.stringify(value) ?? String(value), max);
}

/** Names listed in one message: an object with 100 000 unknown keys names the first few and a count. */
export const LISTED_NAMES_MAX = 10;

export function listedNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES_MAX).map((n) => quoted(n, 60));
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
