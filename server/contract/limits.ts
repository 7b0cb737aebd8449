/**
 * Bounds on what one request may carry or one answer list ("put a limit on everything"). The ones
 * clients size their requests by (body bytes, batch events, decision ids) are published with the
 * API in sim/domain/api-limits.ts; past any of them a request is refused whole with 413, before
 * anything is applied.
 */

/** Errors listed in one problem answer: enough to fix a request in one go. */
export const PROBLEM_ERRORS_MAX = 20;
