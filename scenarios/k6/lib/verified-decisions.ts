import { Counter } from 'k6/metrics';

/**
 * Decisions whose every field matched the expected one. Its `count>0` threshold is what makes a
 * run fail when nothing was verified at all: a `checks` rate of 1 also holds for zero checks.
 */
export const verifiedDecisions = new Counter('verified_decisions');
