import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { RuleId } from '../../sim/domain/decision.js';
import { excerpt, listedNames } from '../../sim/domain/excerpt.js';
import { typeName } from '../../sim/domain/instant.js';
import { PROBLEM_ERRORS_MAX, PROBLEM_TEXT_CHARS_MAX } from '../contract/limits.js';
import { PROBLEM_CONTENT_TYPE } from '../contract/media-types.js';

export { PROBLEM_CONTENT_TYPE };

/**
 * RFC 9457 problem details: the one shape of every error answer. Handlers throw a ProblemError and
 * `problemResponse` (called from the app's single error handler) writes it, so no route invents its
 * own error format. `rule` names the rule id that refused an event; `errors` name field paths.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: ContentfulStatusCode;
  readonly detail: string;
  readonly instance?: string;
  readonly rule?: RuleId;
  /** The event a rule refused (R3), when the problem is an event's answer. */
  readonly eventId?: string;
  /** A capacity refusal (507): the limit reached, its value and the flag of `affsim serve` that raises it. */
  readonly limit?: string;
  readonly max?: number;
  readonly flag?: string;
  /** A late refusal (410, pair expiry): buyer events are taken from this instant on, and the server's lag. */
  readonly horizon?: string;
  readonly lag?: string;
  readonly errors?: readonly FieldError[];
}

export interface FieldError {
  /** Where the problem is: `body.lines[0].amountCents`, `params.storeId`, `query.at`. */
  readonly path: string;
  readonly message: string;
}

export type ProblemKind =
  | 'malformed-json'
  | 'invalid-request'
  | 'payload-too-large'
  | 'rule-violation'
  | 'id-conflict'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'method-not-allowed'
  | 'unsupported-media-type'
  | 'answer-too-large'
  | 'what-if-unavailable'
  | 'capacity-exhausted'
  | 'pair-expired'
  | 'storage-failed';

const TITLES: Record<ProblemKind, string> = {
  'malformed-json': 'Malformed JSON',
  'invalid-request': 'Invalid request',
  'payload-too-large': 'Payload too large',
  'rule-violation': 'Refused by a rule of the rule book',
  'id-conflict': 'Event id already used for another event',
  'not-found': 'Not found',
  unauthorized: 'Missing or invalid credential',
  forbidden: 'Not allowed with this credential',
  'method-not-allowed': 'Method not allowed on this path',
  'unsupported-media-type': 'Unsupported media type',
  'answer-too-large': 'The answer would be too large',
  'what-if-unavailable': 'What-if not available for this instant',
  'capacity-exhausted': 'The server is at one of its capacity limits',
  'pair-expired': 'The event is later than the pair expiry lag allows',
  'storage-failed': 'The event journal failed',
};

export function problemType(kind: ProblemKind): string {
  return `urn:affsim:problem:${kind}`;
}

export function makeProblem(
  kind: ProblemKind,
  status: ContentfulStatusCode,
  detail: string,
  extra: Pick<Problem, 'rule' | 'eventId' | 'errors' | 'limit' | 'max' | 'flag' | 'horizon' | 'lag'> = {},
): Problem {
  return { type: problemType(kind), title: TITLES[kind], status, detail, ...extra };
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function problemResponse(c: Context, problem: Problem): Response {
  const body = boundedProblem({ ...problem, instance: problem.instance ?? requestPath(c) });
  return c.body(JSON.stringify(body), problem.status, { 'content-type': PROBLEM_CONTENT_TYPE });
}

/** The request's path as a problem's `instance`: an excerpt, as it is the client's input too. */
export function requestPath(c: Context): string {
  return excerpt(new URL(c.req.url).pathname);
}

/**
 * The last guard on what an error body repeats: messages quote input through `excerpt` where they
 * are written, and whatever slips through (a library's message, a long path) is cut here, so an
 * error body stays a few kB whatever the request was.
 */
export function boundedProblem(problem: Problem): Problem {
  const cut = (text: string) => excerpt(text, PROBLEM_TEXT_CHARS_MAX);
  return {
    ...problem,
    detail: cut(problem.detail),
    ...(problem.instance === undefined ? {} : { instance: excerpt(problem.instance) }),
    ...(problem.errors === undefined
      ? {}
      : { errors: problem.errors.map((e) => ({ path: cut(e.path), message: cut(e.message) })) }),
  };
}

/** A zod failure as a 400 naming every field path, prefixed by where the value came from. */
export function invalidRequest(
  where: 'body' | 'params' | 'query' | `body.events[${number}]`,
  error: z.ZodError,
): Problem {
  const errors = error.issues.slice(0, PROBLEM_ERRORS_MAX).map((issue) => ({
    path: joinPath(where, issue.path),
    message: describeIssue(issue),
  }));
  const first = errors[0];
  const detail = first ? `${first.path}: ${first.message}` : `invalid ${where}`;
  return makeProblem('invalid-request', 400, detail, { errors });
}

export function fieldProblem(path: string, message: string): Problem {
  return makeProblem('invalid-request', 400, `${path}: ${message}`, { errors: [{ path, message }] });
}

function joinPath(where: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    where,
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${listedNames(issue.keys)}`;
  if (issue.code === 'invalid_type') {
    return issue.input === undefined
      ? `missing field (expected ${issue.expected})`
      : `expected ${issue.expected}, got ${typeName(issue.input)}`;
  }
  return issue.message;
}
