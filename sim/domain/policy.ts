import { z } from 'zod';

/**
 * The policy options of the rule book (RULES.md, "Policy"): where the sources are silent or
 * disagree, a system under test may have chosen either reading, so every one is switchable.
 */
export interface RateBounds {
  readonly minBps: number;
  readonly maxBps: number;
}

export interface Policy {
  readonly windowDays: number;
  readonly minMembershipDays: number;
  readonly rejoinCooldownDays: number;
  readonly dayBoundary: 'exact' | 'calendar';
  readonly timeZone: string;
  readonly credit: 'last-click' | 'first-click';
  readonly postWithdrawalOrders: 'uncharged' | 'honor-click-window';
  readonly categoryRates: 'retired' | 'enabled';
  readonly rateBounds: RateBounds;
  readonly rounding: 'half-up' | 'half-even' | 'floor';
}

export const DEFAULT_POLICY: Policy = Object.freeze({
  windowDays: 15,
  minMembershipDays: 15,
  rejoinCooldownDays: 15,
  dayBoundary: 'exact',
  timeZone: 'America/Los_Angeles',
  credit: 'last-click',
  postWithdrawalOrders: 'uncharged',
  categoryRates: 'retired',
  rateBounds: Object.freeze({ minBps: 1, maxBps: 9000 }),
  rounding: 'half-up',
});

/** Ten years: a span longer than that is a typo, and keeps every span end a safe integer. */
export const POLICY_DAYS_MAX = 3650;
/** 100 % of the order line; a rate above it would pay more than the sale. */
export const RATE_BPS_MAX = 10_000;

export const POLICY_KEYS = Object.keys(DEFAULT_POLICY) as readonly (keyof Policy)[];

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const RANGE_TEXT = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/;

/** `rateBounds` is written `"1..9000"` (as on the command line), `[1, 9000]`, `{"min":1,"max":9000}` or `{"minBps":1,"maxBps":9000}`. */
const rateBoundsSchema = z
  .union([
    z.string().regex(RANGE_TEXT, 'expected "min..max" in basis points, like "1..9000"'),
    z.tuple([z.number().int(), z.number().int()]),
    z.strictObject({ minBps: z.number().int(), maxBps: z.number().int() }),
    z.strictObject({ min: z.number().int(), max: z.number().int() }),
  ])
  .transform((v): RateBounds => {
    if (typeof v === 'string') {
      const m = RANGE_TEXT.exec(v) as RegExpExecArray;
      return { minBps: Number(m[1]), maxBps: Number(m[2]) };
    }
    if (Array.isArray(v)) return { minBps: v[0], maxBps: v[1] };
    if ('min' in v) return { minBps: v.min, maxBps: v.max };
    return v;
  })
  .refine((b) => b.minBps >= 0 && b.minBps <= b.maxBps && b.maxBps <= RATE_BPS_MAX, {
    message: `expected 0 <= min <= max <= ${RATE_BPS_MAX} bps`,
  });

const days = (min: number) => z.number().int().min(min).max(POLICY_DAYS_MAX);

/** Every key optional: a policy line or a flag names only what differs from the defaults. */
export const policyOverridesSchema = z.strictObject({
  windowDays: days(1).optional(),
  minMembershipDays: days(0).optional(),
  rejoinCooldownDays: days(0).optional(),
  dayBoundary: z.enum(['exact', 'calendar']).optional(),
  timeZone: z
    .string()
    .refine(isTimeZone, 'expected an IANA time zone such as America/Los_Angeles')
    .optional(),
  credit: z.enum(['last-click', 'first-click']).optional(),
  postWithdrawalOrders: z.enum(['uncharged', 'honor-click-window']).optional(),
  categoryRates: z.enum(['retired', 'enabled']).optional(),
  rateBounds: rateBoundsSchema.optional(),
  rounding: z.enum(['half-up', 'half-even', 'floor']).optional(),
});

export type PolicyOverrides = Partial<Policy>;

export function withOverrides(base: Policy, overrides: PolicyOverrides): Policy {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  return Object.freeze(merged) as unknown as Policy;
}

const NUMERIC_KEYS = new Set<string>(['windowDays', 'minMembershipDays', 'rejoinCooldownDays']);

/**
 * Turns `key=value` assignments (command line, query strings) into raw overrides for
 * `policyOverridesSchema`; numbers stay numbers only for the numeric keys, so a value like
 * `timeZone=Etc/GMT+1` is never mangled.
 */
export function assignmentsToRaw(
  assignments: readonly string[],
): { ok: true; raw: Record<string, unknown> } | { ok: false; message: string } {
  const raw: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0)
      return { ok: false, message: `--policy ${assignment}: expected key=value, like windowDays=7` };
    const key = assignment.slice(0, eq).trim();
    const value = assignment.slice(eq + 1).trim();
    if (!(POLICY_KEYS as readonly string[]).includes(key)) {
      return {
        ok: false,
        message: `--policy ${assignment}: unknown policy key "${key}" (known: ${POLICY_KEYS.join(', ')})`,
      };
    }
    raw[key] = NUMERIC_KEYS.has(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return { ok: true, raw };
}

/** `key=value` assignments validated into overrides; the message names the flag and the problem. */
export function policyFromAssignments(
  assignments: readonly string[],
): { ok: true; overrides: PolicyOverrides } | { ok: false; message: string } {
  const raw = assignmentsToRaw(assignments);
  if (!raw.ok) return raw;
  const parsed = policyOverridesSchema.safeParse(raw.raw);
  if (parsed.success) return { ok: true, overrides: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues
      .map((i) => `--policy ${i.path.map(String).join('.')}: ${i.message}`)
      .join('\n'),
  };
}

export function describePolicy(p: Policy): string {
  return POLICY_KEYS.map((k) => {
    const v = p[k];
    return `${k}=${typeof v === 'object' ? `${v.minBps}..${v.maxBps}` : v}`;
  }).join(' ');
}
