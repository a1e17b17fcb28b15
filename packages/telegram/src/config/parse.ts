// Environment values the way ARCHITECTURE.md states them: booleans accept 1/0/true/false/
// yes/no/on/off, numbers are ranged, and a value that does not parse is an error naming the
// variable, never a silent default (the seed's D19/D20).
import { z } from 'zod';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

export const bool = z.string().transform((v, ctx) => {
  const s = v.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be one of 1/0/true/false/yes/no/on/off' });
  return z.NEVER;
});

export const number = (rule: { min?: number; max?: number; int?: boolean }) =>
  z.string().transform((v, ctx) => {
    const n = Number(v.trim());
    const ok =
      v.trim() !== '' &&
      Number.isFinite(n) &&
      (!rule.int || Number.isInteger(n)) &&
      (rule.min === undefined || n >= rule.min) &&
      (rule.max === undefined || n <= rule.max);
    if (ok) return n;
    const range = [
      rule.min !== undefined ? `>= ${rule.min}` : '',
      rule.max !== undefined ? `<= ${rule.max}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    ctx.addIssue({
      code: 'custom',
      message: `must be ${rule.int ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`,
    });
    return z.NEVER;
  });

export const oneOf = <T extends string>(values: readonly T[]) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });

/** Reads one variable: undefined or empty means "not set"; a bad value throws ConfigError. */
export function read<T>(
  env: Record<string, string | undefined>,
  name: string,
  schema: z.ZodType<T>,
): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const result = schema.safeParse(raw);
  if (!result.success) {
    // Values of secret variables never appear in messages.
    const shown = /HASH|SECRET|SESSION_STRING|SESSION_KEY|PASSPHRASE|PASSWORD/i.test(name)
      ? ''
      : ` (got ${JSON.stringify(raw)})`;
    throw new ConfigError(name, `${result.error.issues[0]?.message ?? 'invalid'}${shown}`);
  }
  return result.data;
}
