// Strict parsers for environment values (fixes D19/D20): booleans accept 1/0/true/false/yes/
// no/on/off, integers are ranged, and a value that does not parse is an error naming the
// variable, never a silent default.
import { z } from 'zod';
import { PolicyConfigError } from '../errors.js';

export type Env = Record<string, string | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export const bool = z.string().transform((v, ctx) => {
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be one of 1/0/true/false/yes/no/on/off' });
  return z.NEVER;
});

export const int = (min: number, max: number) =>
  z.string().transform((v, ctx) => {
    const s = v.trim();
    const n = Number(s);
    if (/^[+-]?\d+$/.test(s) && Number.isSafeInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
    return z.NEVER;
  });

export const oneOf = <T extends string>(values: readonly T[]) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });

/** Variables whose values are never echoed in an error. */
const SECRET = /PHRASE|HASH|SECRET|PASSWORD|SESSION_STRING/;

/** Reads one variable: unset or blank is `undefined`; a bad value throws naming the variable. */
export function read<T>(env: Env, name: string, schema: z.ZodType<T>): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const shown = SECRET.test(name) ? '' : ` (got ${JSON.stringify(raw)})`;
    throw new PolicyConfigError(name, `${result.error.issues[0]?.message ?? 'invalid'}${shown}`);
  }
  return result.data;
}

/** Comma-separated values, trimmed, blanks dropped. */
export function csv(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
