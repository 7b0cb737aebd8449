/**
 * The published request limits of affsim's platform API: the server enforces them (refusing a
 * request past one with 413) and affsim's own clients size their batches by them. A remote platform
 * may run lower ones; the clients' batches stay well inside these.
 */

/** A store's catalogue may list 100 000 products (CATALOGUE_PRODUCTS_MAX) of ~60 bytes each. */
export const BODY_BYTES_MAX = 8 * 1024 * 1024;
/** Events per batch request: each is answered individually, so the answer grows with it too. */
export const BATCH_EVENTS_MAX = 10_000;
/**
 * A server refuses an event past one of its capacity limits (stores, orders, event ids, …; see
 * `affsim serve --help`) with 507 Insufficient Storage and a problem of this type naming the limit
 * (`limit`, `max`, `flag`). Nothing of the event is applied and its id is not taken (R17): it is
 * the server's refusal, not a rule's, so a client reports it as a failure of the target.
 */
export const CAPACITY_STATUS = 507;
export const CAPACITY_PROBLEM_TYPE = 'urn:affsim:problem:capacity-exhausted';

/**
 * A server with pair expiry (`affsim serve --pair-expiry-lag`, server/README "Pair expiry") refuses
 * a click or order that arrives more than the lag behind the latest buyer event it has taken, when
 * that event's (buyer, store) window state has already been dropped: 410 Gone with a problem of
 * this type (`horizon`, `lag`, `flag`). Nothing is applied and its id is not taken (R17). Not a
 * rule's refusal: a client reports it as a failure of the target (its events arrive too late).
 */
export const LATE_STATUS = 410;
export const LATE_PROBLEM_TYPE = 'urn:affsim:problem:pair-expired';

/** Order ids per bulk decision query. */
export const DECISION_QUERY_IDS_MAX = 10_000;

/**
 * What one `/attribution/decisions` answer may hold, past which the query is refused with 413
 * (`limit` names which): order lines over all the decisions asked (a 1,000-line order asked
 * 10,000 times was 10 million lines, 1.7 GB), and bytes of the answer. Repeated ids are answered
 * once, so only distinct orders count. A client asking for orders with many lines asks fewer at once.
 */
export const DECISION_ANSWER_LINES_MAX = 100_000;
export const DECISION_ANSWER_BYTES_MAX = 16 * 1024 * 1024;
