/**
 * Bounds on what one request may carry ("put a limit on everything"): past them the request is
 * refused whole with 413, before anything is applied.
 */

/** A store's catalogue may list 100 000 products (CATALOGUE_PRODUCTS_MAX) of ~60 bytes each. */
export const BODY_BYTES_MAX = 8 * 1024 * 1024;
/** Events per batch request: each is answered individually, so the answer grows with it too. */
export const BATCH_EVENTS_MAX = 10_000;
/** Order ids per bulk decision query. */
export const DECISION_QUERY_IDS_MAX = 10_000;
/** Errors listed in one problem answer: enough to fix a request in one go. */
export const PROBLEM_ERRORS_MAX = 20;
