/**
 * The published request limits of affsim's platform API: the server enforces them (refusing a
 * request past one with 413) and affsim's own clients size their batches by them. A remote platform
 * may run lower ones; the clients' batches stay well inside these.
 */

/** A store's catalogue may list 100 000 products (CATALOGUE_PRODUCTS_MAX) of ~60 bytes each. */
export const BODY_BYTES_MAX = 8 * 1024 * 1024;
/** Events per batch request: each is answered individually, so the answer grows with it too. */
export const BATCH_EVENTS_MAX = 10_000;
/** Order ids per bulk decision query. */
export const DECISION_QUERY_IDS_MAX = 10_000;
