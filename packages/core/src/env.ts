// Environment variables, parsed strictly with zod: booleans accept 1/0/true/false/yes/no/on/off,
// numbers are decimal and ranged, and a value that does not parse is a ConfigError naming the
// variable, never a silent default. One rule decides which variables are secret: their values
// are never echoed in an error, and `registerEnvSecrets` keeps them out of every log line.
import path from 'node:path';
import { z } from 'zod';
import { type SecretRegistry, processSecrets } from './secrets.js';

export type Env = Record<string, string | undefined>;

/** A variable does not parse or breaks a rule; `variable` names it, the message starts with it. */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG' as const;
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/**
 * Variables whose values are secret: credentials (api hash, session string or key, passphrases,
 * passwords, tokens, the confirmation phrase), proxies and Redis URLs (they carry passwords),
 * the login phone and code. The union of the rules @tgmcp/policy and @tgmcp/telegram had.
 */
export const SECRET_VARIABLE =
  /HASH|SECRET|PASSWORD|PHRASE|TOKEN|SESSION_STRING|_KEY$|PROXY|REDIS_URL|LOGIN_PHONE|LOGIN_CODE/i;
/**
 * Where secrets come from, not secrets: the provider's name and keychain service/account names
 * (redacting `keychain` or `TG_API_HASH` from every log line would only garble it).
 */
const SECRET_SOURCE = /^TG_SECRET_PROVIDER$|^TG_KEYCHAIN_/i;

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name) && !SECRET_SOURCE.test(name);
}

/** ` (got "value")` for an error message, or '' when the variable is secret. */
export function echoValue(name: string, raw: string): string {
  return isSecretVariable(name) ? '' : ` (got ${JSON.stringify(raw)})`;
}

/**
 * Registers the value of every set secret variable (and the password inside a URL-valued one)
 * so no logger prints it. Call once at startup with the process environment.
 */
export function registerEnvSecrets(env: Env, secrets: SecretRegistry = processSecrets): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !isSecretVariable(name)) continue;
    secrets.add(value);
    try {
      const password = new URL(value.trim()).password;
      if (password) {
        secrets.add(password);
        secrets.add(decodeURIComponent(password));
      }
    } catch {
      // Not a URL (or a badly encoded password): the whole value is registered already.
    }
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

export interface NumberRule {
  min?: number;
  max?: number;
  /** Whole numbers only. */
  int?: boolean;
}

/** "must be a whole number from 1 to 10" / "must be a number >= 0.1" / "must be a whole number". */
function numberMessage(rule: NumberRule): string {
  const what = rule.int ? 'a whole number' : 'a number';
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return `must be ${what} from ${min} to ${max}`;
  if (min !== undefined) return `must be ${what} >= ${min}`;
  if (max !== undefined) return `must be ${what} <= ${max}`;
  return `must be ${what}`;
}

/** A decimal number (no hex, exponent or Infinity), optionally whole and ranged. */
export const number = (rule: NumberRule = {}) =>
  z.string().transform((v, ctx) => {
    const s = v.trim();
    const n = Number(s);
    const ok =
      (rule.int ? /^[+-]?\d+$/.test(s) : /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) &&
      (rule.int ? Number.isSafeInteger(n) : Number.isFinite(n)) &&
      (rule.min === undefined || n >= rule.min) &&
      (rule.max === undefined || n <= rule.max);
    if (ok) return n;
    ctx.addIssue({ code: 'custom', message: numberMessage(rule) });
    return z.NEVER;
  });

/** A whole number from `min` to `max`: "must be a whole number from 1 to 10000". */
export const int = (min: number, max: number) => number({ int: true, min, max });

/** One of `values`, compared trimmed and lowercased. */
export const oneOf = <T extends string>(values: readonly T[]) =>
  z.string().transform((v, ctx) => {
    const s = v.trim().toLowerCase();
    if ((values as readonly string[]).includes(s)) return s as T;
    ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
    return z.NEVER;
  });

/** An absolute path, or one starting with `~/` (expanded against `home`); normalized. */
export const absolutePath = (home: string) =>
  z.string().transform((v, ctx) => {
    const s = v.trim();
    const p = s === '~' ? home : s.startsWith('~/') ? path.join(home, s.slice(2)) : s;
    if (path.isAbsolute(p)) return path.normalize(p);
    ctx.addIssue({ code: 'custom', message: 'must be an absolute path or start with ~/' });
    return z.NEVER;
  });

export type ConfigErrorFactory = (variable: string, message: string) => ConfigError;

const configError: ConfigErrorFactory = (variable, message) => new ConfigError(variable, message);

/**
 * Reads one variable: unset or blank is `undefined`; a bad value throws (a ConfigError, or what
 * `makeError` builds: a package's own subclass) naming the variable, with the value shown only
 * when the variable is not secret.
 */
export function read<T>(
  env: Env,
  name: string,
  schema: z.ZodType<T>,
  makeError: ConfigErrorFactory = configError,
): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw makeError(name, `${result.error.issues[0]?.message ?? 'invalid'}${echoValue(name, raw)}`);
}

/** Comma-separated values, trimmed, blanks dropped. */
export function csv(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
