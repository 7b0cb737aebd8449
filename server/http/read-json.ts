import type { Context } from 'hono';
import type { z } from 'zod';
import { invalidRequest, makeProblem, ProblemError } from './problem.js';

/** The request body as JSON; anything that is not JSON is a 400 before any handler logic runs. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '')
    throw new ProblemError(makeProblem('malformed-json', 400, 'the request body is empty; expected JSON'));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ProblemError(
      makeProblem('malformed-json', 400, `the request body is not JSON: ${(e as Error).message}`),
    );
  }
}

/** Parses with a contract schema, or throws the 400 that names every failing field. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: Parameters<typeof invalidRequest>[0],
): z.output<S> {
  // reportInput: a missing field and a wrong type read differently in the problem.
  const parsed = schema.safeParse(value, { reportInput: true });
  if (!parsed.success) throw new ProblemError(invalidRequest(where, parsed.error));
  return parsed.data;
}
