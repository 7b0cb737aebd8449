/**
 * Strings that JSON can carry but nothing else can: a lone surrogate ("\ud800" is valid JSON) is
 * not Unicode, so `encodeURIComponent` throws on it and it has no UTF-8 form for a URL, a header,
 * a log line or a journal. An id holding one must be refused with the event, before anything is
 * applied (R3: a refused event changes nothing), not discovered while answering it.
 */

// With the `u` flag a surrogate pair is one code point, so \p{Surrogate} matches lone ones only.
const LONE_SURROGATE = /\p{Surrogate}/u;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

export const NOT_WELL_FORMED_MESSAGE =
  'holds a lone surrogate (invalid UTF-16): it cannot be encoded in a URL or a header; use valid Unicode';
