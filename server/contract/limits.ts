/**
 * Bounds on what one request may carry or one answer list ("put a limit on everything"). The ones
 * clients size their requests by (body bytes, batch events, decision ids) are published with the
 * API in sim/domain/api-limits.ts; past any of them a request is refused whole with 413, before
 * anything is applied.
 */

/** Errors listed in one problem answer: enough to fix a request in one go. */
export const PROBLEM_ERRORS_MAX = 20;
/**
 * Characters of one message (a problem's `detail`, an error's path or message): room for a sentence
 * around an excerpt of the input (EXCERPT_CHARS_MAX), and the cut for anything longer.
 */
export const PROBLEM_TEXT_CHARS_MAX = 600;
