import type { z } from 'zod';
import { type AffEvent, EVENT_TYPES, eventSchemas, isEventType } from '../domain/events.js';
import { listedNames, quotedValue } from '../domain/excerpt.js';
import { typeName } from '../domain/instant.js';
import { type PolicyOverrides, policyOverridesSchema } from '../domain/policy.js';
import { formatPath, type InputError } from './input-error.js';

/** One non-blank line of a history file (EVENTS.md): a policy line or an event. */
export type ParsedLine =
  | { readonly kind: 'policy'; readonly overrides: PolicyOverrides }
  | { readonly kind: 'event'; readonly event: AffEvent }
  | { readonly kind: 'error'; readonly errors: InputError[] };

export function parseLine(text: string, line: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(line, undefined, `malformed JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(line, undefined, `expected a JSON object, got ${typeName(value)}`);
  }
  const { type } = value as { type?: unknown };
  if (type === 'policy') {
    const { type: _, ...rest } = value as Record<string, unknown>;
    const parsed = policyOverridesSchema.safeParse(rest);
    return parsed.success ? { kind: 'policy', overrides: parsed.data } : issues(line, parsed.error, rest);
  }
  if (type === undefined) return fail(line, 'type', 'missing event type');
  if (!isEventType(type)) {
    return fail(
      line,
      'type',
      `unknown event type ${quotedValue(type)} (known: policy, ${EVENT_TYPES.join(', ')})`,
    );
  }
  const parsed = eventSchemas[type].safeParse(value);
  return parsed.success
    ? { kind: 'event', event: parsed.data as AffEvent }
    : issues(line, parsed.error, value);
}

function fail(line: number, path: string | undefined, message: string): ParsedLine {
  return { kind: 'error', errors: [path === undefined ? { line, message } : { line, path, message }] };
}

function issues(line: number, error: z.ZodError, input: unknown): ParsedLine {
  return {
    kind: 'error',
    errors: error.issues.map((issue) => ({
      line,
      path: formatPath(issue.path) || undefined,
      message: describe(issue, input),
    })),
  };
}

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field(s) ${listedNames(issue.keys)}`;
  }
  if (issue.code === 'invalid_type' && !has(input, issue.path))
    return `missing field (expected ${issue.expected})`;
  return issue.message;
}

function has(value: unknown, path: readonly PropertyKey[]): boolean {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return true;
}
